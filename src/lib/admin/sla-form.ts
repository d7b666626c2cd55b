// An SLA policy as its form edits it: a grid of targets (business minutes per priority and kind,
// blank for none) and the conditions that select its tickets. The database refuses a zero or
// negative target, an unknown team or type, and names the target it refuses.
import { z } from 'zod';
import { Constants } from '$lib/supabase';

export const priorities = [...Constants.public.Enums.ticket_priority].reverse();
export const targetKinds = [
	{ key: 'first_response', label: 'First response' },
	{ key: 'next_response', label: 'Next response' },
	{ key: 'resolution', label: 'Resolution' }
] as const;

type Priority = (typeof priorities)[number];
type TargetKind = (typeof targetKinds)[number]['key'];
export type Targets = Partial<Record<Priority, Partial<Record<TargetKind, number>>>>;

export const targetField = (priority: string, kind: string) => `target_${priority}_${kind}`;

const minutes = z
	.string()
	.trim()
	.default('')
	.transform((value) => (value === '' ? undefined : Number(value)))
	.refine((value) => value === undefined || Number.isFinite(value), {
		error: 'Write a number of minutes.'
	});

const targetFields = Object.fromEntries(
	priorities.flatMap((priority) =>
		targetKinds.map(({ key }) => [targetField(priority, key), minutes])
	)
) as Record<string, typeof minutes>;

const list = z
	.string()
	.default('')
	.transform((value) => [
		...new Set(
			value
				.split(',')
				.map((item) => item.trim())
				.filter(Boolean)
		)
	]);

export const slaPolicyForm = z
	.object({
		name: z
			.string({ error: 'Name the policy.' })
			.trim()
			.min(1, { error: 'Name the policy.' })
			.max(100, { error: 'Keep the name to 100 characters.' }),
		description: z
			.string()
			.trim()
			.max(1000, { error: 'Keep the description to 1,000 characters.' })
			.default(''),
		calendar_id: z
			.string()
			.optional()
			.transform((value) => value || null)
			.pipe(z.uuid({ error: 'Choose a calendar from the list.' }).nullable()),
		is_active: z
			.string()
			.optional()
			.transform((value) => value === 'on'),
		tags_any: list.transform((tags) => [...new Set(tags.map((tag) => tag.toLowerCase()))]),
		customer_ids: list,
		...targetFields
	})
	.transform(({ name, description, calendar_id, is_active, tags_any, customer_ids, ...grid }) => {
		const targets: Targets = {};
		for (const priority of priorities) {
			for (const { key } of targetKinds) {
				const value = (grid as Record<string, number | undefined>)[targetField(priority, key)];
				if (value !== undefined) targets[priority] = { ...targets[priority], [key]: value };
			}
		}
		const conditions: Record<string, string[]> = {};
		if (tags_any.length) conditions.tags_any = tags_any;
		if (customer_ids.length) conditions.customer_id = customer_ids;
		return { name, description, calendar_id, is_active, targets, conditions };
	});

/** The conditions picked with checkboxes (several values under one name). */
export const checkedConditions = (form: FormData) =>
	Object.fromEntries(
		(['priority', 'team_id', 'type_id'] as const).flatMap((name) => {
			const values = form.getAll(name).filter((value) => typeof value === 'string' && value);
			return values.length ? [[name, values as string[]]] : [];
		})
	);

/** A saved policy's condition values under `key`. */
export const conditionValues = (conditions: unknown, key: string): string[] => {
	const values = (conditions as Record<string, unknown> | null)?.[key];
	return Array.isArray(values) ? values.map(String) : [];
};

/** A saved target, for its field. */
export const targetValue = (targets: unknown, priority: string, kind: string) => {
	const value = (targets as Record<string, Record<string, number>> | null)?.[priority]?.[kind];
	return value === undefined ? '' : String(value);
};

/** Minutes as people say them: "45 min", "2 h", "1 d 4 h". */
export function duration(minutes: number): string {
	const days = Math.floor(minutes / 1440);
	const hours = Math.floor((minutes % 1440) / 60);
	const rest = minutes % 60;
	return (
		[days && `${days} d`, hours && `${hours} h`, rest && `${rest} min`].filter(Boolean).join(' ') ||
		'0 min'
	);
}
