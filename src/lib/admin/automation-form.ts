// An automation rule as its form edits it: plain fields for when it runs, the conditions a ticket
// must meet and what it does, turned into the `event`, `schedule`, `conditions` and `actions` JSON
// the rule engine reads (see the automation_rules migration), and back. The database validates
// the result and names what it refuses ("actions: set_team needs…", "schedule: …").
import { z } from 'zod';
import { Constants } from '$lib/supabase';

export const ticketEvents = [
	'ticket_created',
	'ticket_updated',
	'ticket_created_or_updated'
] as const;
export type TicketEvent = (typeof ticketEvents)[number];

export const eventLabels: Record<TicketEvent, string> = {
	ticket_created: 'A ticket is created',
	ticket_updated: 'A ticket is updated',
	ticket_created_or_updated: 'A ticket is created or updated'
};

export const slaTargets = ['first_response', 'next_response', 'resolution'] as const;
export const slaTargetLabels: Record<(typeof slaTargets)[number], string> = {
	first_response: 'First response',
	next_response: 'Next response',
	resolution: 'Resolution'
};

export const sinceLabels = {
	status_changed: 'its status last changed',
	updated: 'it was last updated'
} as const;

/** Minutes per unit; a business day is eight business hours (the length of the demo calendar's). */
export const units = ['minutes', 'hours', 'days'] as const;
type Unit = (typeof units)[number];
const minutesPer = (unit: Unit, business: boolean) =>
	unit === 'minutes' ? 1 : unit === 'hours' ? 60 : business ? 480 : 1440;

/** The largest unit `minutes` is a whole number of, for the form's amount and unit. */
export function amountOf(minutes: number, business: boolean): { amount: number; unit: Unit } {
	for (const unit of ['days', 'hours'] as const) {
		const per = minutesPer(unit, business);
		if (minutes % per === 0) return { amount: minutes / per, unit };
	}
	return { amount: minutes, unit: 'minutes' };
}

/** Condition names picked with checkboxes; `none` stands for "no team" / "no type". */
export const checkedConditionNames = ['status', 'priority', 'team_id', 'type_id'] as const;
export const none = 'none';

/** The conditions typed as comma-separated lists. */
export const listConditions = [
	{ name: 'subject_contains', label: 'Subject contains any of' },
	{ name: 'tags_any', label: 'Has any of the tags' },
	{ name: 'tags_all', label: 'Has all of the tags' },
	{ name: 'tags_none', label: 'Has none of the tags' }
] as const;

const list = (lowercase: boolean) =>
	z
		.string()
		.default('')
		.transform((value) => [
			...new Set(
				value
					.split(',')
					.map((item) => (lowercase ? item.trim().toLowerCase() : item.trim()))
					.filter(Boolean)
			)
		]);

const tags = list(true).pipe(
	z.array(z.string().max(50, { error: 'Keep each tag to 50 characters.' }))
);

const checkbox = z
	.string()
	.optional()
	.transform((value) => value === 'on');

const choice = <const T extends readonly [string, ...string[]]>(values: T, error: string) =>
	z
		.string()
		.optional()
		.transform((value) => value || undefined)
		.pipe(z.enum(values, { error }).optional());

/** A select whose value is `''` (leave alone), one of `keywords`, or an id. */
const idChoice = <const T extends readonly [string, ...string[]]>(keywords: T, error: string) =>
	z
		.string()
		.optional()
		.transform((value) => value || undefined)
		.pipe(z.union([z.enum(keywords), z.uuid()], { error }).optional());

const text = (max: number, tooLong: string) =>
	z.string().trim().max(max, { error: tooLong }).default('');

export type RuleAction =
	| { type: 'set_status'; status: string }
	| { type: 'set_priority'; priority: string }
	| { type: 'raise_priority' }
	| { type: 'set_team'; team_id: string | null }
	| { type: 'set_type'; type_id: string | null }
	| { type: 'assign'; assignee_id: string }
	| { type: 'unassign' }
	| { type: 'route' }
	| { type: 'add_tags' | 'remove_tags'; tags: string[] }
	| { type: 'apply_macro'; macro_id: string }
	| { type: 'add_note' | 'reply'; body: string }
	| { type: 'notify'; recipients: 'team' | 'assignee'; message: string };

export type RuleSchedule =
	| { since: keyof typeof sinceLabels; minutes: number; business: boolean }
	| { sla_target: (typeof slaTargets)[number]; percent_used: number };

export const automationRuleForm = z
	.object({
		name: z
			.string({ error: 'Name the rule.' })
			.trim()
			.min(1, { error: 'Name the rule.' })
			.max(100, { error: 'Keep the name to 100 characters.' }),
		description: text(1000, 'Keep the description to 1,000 characters.'),
		is_active: checkbox,
		kind: z.enum(['event', 'time'], { error: 'Choose when the rule runs.' }),
		event: choice(ticketEvents, 'Choose the ticket event.'),
		schedule_type: choice(['since', 'sla'], 'Choose what the time counts from.'),
		since: choice(['status_changed', 'updated'], 'Choose what the time counts from.'),
		amount: z.string().trim().default(''),
		unit: choice(units, 'Choose minutes, hours or days.'),
		business: checkbox,
		calendar_id: z
			.string()
			.optional()
			.transform((value) => value || null)
			.pipe(z.uuid({ error: 'Choose a calendar from the list.' }).nullable()),
		sla_target: choice(slaTargets, 'Choose an SLA target.'),
		percent_used: z.string().trim().default(''),
		subject_contains: list(false),
		tags_any: tags,
		tags_all: tags,
		tags_none: tags,
		customer_emails: list(true),
		set_status: choice(Constants.public.Enums.ticket_status, 'Choose a status.'),
		set_priority: choice(
			[...Constants.public.Enums.ticket_priority, 'raise'] as const,
			'Choose a priority.'
		),
		set_team: idChoice([none] as const, 'Choose a team from the list.'),
		set_type: idChoice([none] as const, 'Choose a type from the list.'),
		assign: idChoice(['unassign', 'route'] as const, 'Choose an agent from the list.'),
		add_tags: tags,
		remove_tags: tags,
		apply_macro: z
			.string()
			.optional()
			.transform((value) => value || undefined)
			.pipe(z.uuid({ error: 'Choose a macro from the list.' }).optional()),
		add_note: text(10000, 'Keep the note to 10,000 characters.'),
		reply: text(10000, 'Keep the reply to 10,000 characters.'),
		notify: choice(['team', 'assignee'], 'Choose who to notify.'),
		notify_message: text(1000, 'Keep the message to 1,000 characters.')
	})
	.superRefine((form, context) => {
		const issue = (path: string, message: string) =>
			context.addIssue({ code: 'custom', path: [path], message });
		if (form.kind === 'event' && !form.event) issue('event', 'Choose the ticket event.');
		if (form.kind === 'time') {
			if (form.schedule_type === 'sla') {
				if (!/^\d+$/.test(form.percent_used)) issue('percent_used', 'Write a whole percentage.');
			} else if (!/^\d+$/.test(form.amount)) {
				issue('amount', 'Write a whole number.');
			}
		}
		if (form.notify && !form.notify_message) issue('notify_message', 'Write the message to send.');
		if (form.notify_message && !form.notify) issue('notify', 'Choose who to notify.');
	})
	.transform((form) => {
		const schedule: RuleSchedule | null =
			form.kind === 'event'
				? null
				: form.schedule_type === 'sla'
					? {
							sla_target: form.sla_target ?? 'first_response',
							percent_used: Number(form.percent_used)
						}
					: {
							since: form.since ?? 'status_changed',
							minutes: Number(form.amount) * minutesPer(form.unit ?? 'minutes', form.business),
							business: form.business
						};
		const conditions: Record<string, string[]> = {};
		for (const { name } of listConditions) if (form[name].length) conditions[name] = form[name];
		return {
			rule: {
				name: form.name,
				description: form.description,
				is_active: form.is_active,
				event: form.kind === 'event' ? (form.event ?? 'ticket_created') : ('time' as const),
				schedule,
				calendar_id: schedule && 'since' in schedule && schedule.business ? form.calendar_id : null,
				conditions,
				actions: actionsOf(form)
			},
			customerEmails: form.customer_emails
		};
	});

function actionsOf(form: {
	set_status?: string;
	set_priority?: string;
	set_team?: string;
	set_type?: string;
	assign?: string;
	add_tags: string[];
	remove_tags: string[];
	apply_macro?: string;
	add_note: string;
	reply: string;
	notify?: 'team' | 'assignee';
	notify_message: string;
}): RuleAction[] {
	const actions: RuleAction[] = [];
	if (form.set_status) actions.push({ type: 'set_status', status: form.set_status });
	if (form.set_priority === 'raise') actions.push({ type: 'raise_priority' });
	else if (form.set_priority) actions.push({ type: 'set_priority', priority: form.set_priority });
	if (form.set_team)
		actions.push({ type: 'set_team', team_id: form.set_team === none ? null : form.set_team });
	if (form.set_type)
		actions.push({ type: 'set_type', type_id: form.set_type === none ? null : form.set_type });
	if (form.assign === 'unassign') actions.push({ type: 'unassign' });
	else if (form.assign === 'route') actions.push({ type: 'route' });
	else if (form.assign) actions.push({ type: 'assign', assignee_id: form.assign });
	if (form.add_tags.length) actions.push({ type: 'add_tags', tags: form.add_tags });
	if (form.remove_tags.length) actions.push({ type: 'remove_tags', tags: form.remove_tags });
	if (form.apply_macro) actions.push({ type: 'apply_macro', macro_id: form.apply_macro });
	if (form.add_note) actions.push({ type: 'add_note', body: form.add_note });
	if (form.reply) actions.push({ type: 'reply', body: form.reply });
	if (form.notify) {
		actions.push({ type: 'notify', recipients: form.notify, message: form.notify_message });
	}
	return actions;
}

/** The conditions ticked in the form (several values under one name; `none` is "no team/type"). */
export const checkedConditions = (form: FormData) =>
	Object.fromEntries(
		checkedConditionNames.flatMap((name) => {
			const values = form
				.getAll(name)
				.filter((value): value is string => typeof value === 'string' && value !== '')
				.map((value) => (value === none ? null : value));
			return values.length ? [[name, values]] : [];
		})
	);

type Json = Partial<Record<string, unknown>>;
const strings = (value: unknown) => (Array.isArray(value) ? value.map((item) => String(item)) : []);

/** A saved rule's values for its form's fields (the customers as ids; the page shows emails). */
export function ruleFields(rule: {
	event: string;
	schedule: unknown;
	conditions: unknown;
	actions: unknown;
}): { values: Record<string, string>; checked: Record<string, string[]>; customerIds: string[] } {
	const schedule = (rule.schedule ?? {}) as Json;
	const conditions = (rule.conditions ?? {}) as Json;
	const actions = (Array.isArray(rule.actions) ? rule.actions : []) as Json[];
	const of = (type: string) => actions.find((action) => action.type === type);
	const business = schedule.business === true;
	const { amount, unit } = amountOf(Number(schedule.minutes ?? 0), business);
	const assign =
		of('assign')?.assignee_id ?? (of('unassign') ? 'unassign' : of('route') ? 'route' : '');
	const idOrNone = (action: Json | undefined, key: string) =>
		action ? String(action[key] ?? none) : '';
	const values: Record<string, string> = {
		kind: rule.event === 'time' ? 'time' : 'event',
		event: rule.event === 'time' ? 'ticket_created' : rule.event,
		schedule_type: 'sla_target' in schedule ? 'sla' : 'since',
		since: String(schedule.since ?? 'status_changed'),
		amount: schedule.minutes === undefined ? '' : String(amount),
		unit: schedule.minutes === undefined ? 'hours' : unit,
		business: business ? 'on' : '',
		sla_target: String(schedule.sla_target ?? 'first_response'),
		percent_used: schedule.percent_used === undefined ? '' : String(schedule.percent_used),
		set_status: String(of('set_status')?.status ?? ''),
		set_priority: of('raise_priority') ? 'raise' : String(of('set_priority')?.priority ?? ''),
		set_team: idOrNone(of('set_team'), 'team_id'),
		set_type: idOrNone(of('set_type'), 'type_id'),
		assign: String(assign),
		add_tags: strings(of('add_tags')?.tags).join(', '),
		remove_tags: strings(of('remove_tags')?.tags).join(', '),
		apply_macro: String(of('apply_macro')?.macro_id ?? ''),
		add_note: String(of('add_note')?.body ?? ''),
		reply: String(of('reply')?.body ?? ''),
		notify: String(of('notify')?.recipients ?? ''),
		notify_message: String(of('notify')?.message ?? '')
	};
	for (const { name } of listConditions) values[name] = strings(conditions[name]).join(', ');
	const checked = Object.fromEntries(
		checkedConditionNames.map((name) => [
			name,
			Array.isArray(conditions[name])
				? (conditions[name] as unknown[]).map((value) => (value === null ? none : String(value)))
				: []
		])
	);
	return { values, checked, customerIds: strings(conditions.customer_id) };
}
