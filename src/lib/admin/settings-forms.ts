// The settings pages' input rules. The database holds the same rules (and more) and has the last
// word; these catch the obvious slips before a round trip, in the same words.
import { z } from 'zod';
import { Constants } from '$lib/supabase';

const text = (max: number, empty: string, tooLong: string) =>
	z.string({ error: empty }).trim().min(1, { error: empty }).max(max, { error: tooLong });

const optionalText = (max: number, tooLong: string) =>
	z.string().trim().max(max, { error: tooLong }).default('');

/** A checkbox: sent as "on" when ticked, absent when not. */
const checkbox = z
	.string()
	.optional()
	.transform((value) => value === 'on');

export const generalForm = z.object({
	business_name: text(100, 'Name the business.', 'Keep the business name to 100 characters.'),
	support_email: z
		.string()
		.trim()
		.max(254, { error: 'That address is too long.' })
		.default('')
		.pipe(z.union([z.literal(''), z.email({ error: 'That does not look like an email address.' })]))
		.transform((value) => value.toLowerCase())
});

export const ticketFieldTypes = [
	'text',
	'number',
	'dropdown',
	'multi_select',
	'date',
	'checkbox'
] as const;
export type TicketFieldType = (typeof ticketFieldTypes)[number];

export const ticketFieldTypeLabels: Record<TicketFieldType, string> = {
	text: 'Text',
	number: 'Number',
	dropdown: 'Dropdown',
	multi_select: 'Multi-select',
	date: 'Date',
	checkbox: 'Checkbox'
};

/** Whether a field of `type` offers a list of choices. */
export const hasOptions = (type: TicketFieldType) => type === 'dropdown' || type === 'multi_select';

/** Choices typed one per line: trimmed, blank lines dropped (the database refuses repeats). */
export const optionLines = z
	.string()
	.default('')
	.transform((value) =>
		value
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean)
	);

/** A key made from a label: "Order number" → "order_number". */
export const keyFromLabel = (label: string) =>
	label
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^[^a-z]+/, '')
		.replace(/_+$/, '')
		.slice(0, 50);

const fieldCommon = {
	label: text(100, 'Give the field a label.', 'Keep the label to 100 characters.'),
	description: optionalText(500, 'Keep the description to 500 characters.'),
	options: optionLines,
	required_on_solve: checkbox,
	is_active: checkbox
};

export const ticketFieldForm = z
	.object({
		...fieldCommon,
		key: z.string().trim().default(''),
		field_type: z.enum(ticketFieldTypes, { error: 'Choose a type.' })
	})
	.transform(({ key, ...field }) => ({ ...field, key: key || keyFromLabel(field.label) }))
	.refine((field) => /^[a-z][a-z0-9_]{0,49}$/.test(field.key), {
		error: 'A key starts with a letter and has up to 50 lowercase letters, digits and underscores.',
		path: ['key']
	});

/** Editing keeps the key and type: the database refuses to change them once values may exist. */
export const ticketFieldEditForm = z.object({ id: z.uuid(), ...fieldCommon });

export const ticketTypeForm = z.object({
	name: text(100, 'Name the type.', 'Keep the name to 100 characters.'),
	description: optionalText(1000, 'Keep the description to 1,000 characters.')
});

export const idForm = z.object({ id: z.uuid({ error: 'That item no longer exists.' }) });

const tagName = (empty: string) =>
	text(50, empty, 'Keep a tag to 50 characters.').transform((value) => value.toLowerCase());

export const tagRenameForm = z.object({
	tag: z.string().min(1),
	new_name: tagName('Type the new name.')
});

export const tagMergeForm = z.object({
	tag: z.string().min(1),
	into_tag: tagName('Choose the tag to merge into.')
});

export const tagDeleteForm = z.object({ tag: z.string().min(1) });

const noneOr = <T extends readonly [string, ...string[]]>(values: T, error: string) =>
	z
		.string()
		.optional()
		.transform((value) => value || undefined)
		.pipe(z.enum(values, { error }).optional());

/** Tags typed as a comma-separated list: trimmed, lowercased, without blanks or repeats. */
export const tagList = z
	.string()
	.default('')
	.transform((value) => [
		...new Set(
			value
				.split(',')
				.map((tag) => tag.trim().toLowerCase())
				.filter(Boolean)
		)
	])
	.pipe(z.array(z.string().max(50, { error: 'Keep each tag to 50 characters.' })));

export type MacroAction =
	| { type: 'set_status'; status: string }
	| { type: 'set_priority'; priority: string }
	| { type: 'add_tags'; tags: string[] };

/** A shared macro: its text, and the changes it makes, in the automation rules' action format. */
export const macroForm = z
	.object({
		name: text(100, 'Name the macro.', 'Keep the name to 100 characters.'),
		description: optionalText(500, 'Keep the description to 500 characters.'),
		message_kind: z.enum(['reply', 'note'], { error: 'Choose a reply or an internal note.' }),
		body: z.string().max(20000, { error: 'Keep the text to 20,000 characters.' }).default(''),
		is_active: checkbox,
		set_status: noneOr(Constants.public.Enums.ticket_status, 'Choose a status.'),
		set_priority: noneOr(Constants.public.Enums.ticket_priority, 'Choose a priority.'),
		add_tags: tagList
	})
	.transform(({ set_status, set_priority, add_tags, ...macro }) => {
		const actions: MacroAction[] = [];
		if (set_status) actions.push({ type: 'set_status', status: set_status });
		if (set_priority) actions.push({ type: 'set_priority', priority: set_priority });
		if (add_tags.length) actions.push({ type: 'add_tags', tags: add_tags });
		return { ...macro, actions };
	});

/** What a saved macro's actions put back in its form's fields. */
export function macroActionFields(actions: unknown): Record<string, string> {
	const list = Array.isArray(actions) ? (actions as Partial<Record<string, unknown>>[]) : [];
	const of = (type: string) => list.find((action) => action.type === type);
	const tags = of('add_tags')?.tags;
	return {
		set_status: String(of('set_status')?.status ?? ''),
		set_priority: String(of('set_priority')?.priority ?? ''),
		add_tags: Array.isArray(tags) ? tags.join(', ') : ''
	};
}
