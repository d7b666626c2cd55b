// The admin portal's input rules: the filters in its URLs and the fields of its forms, with
// messages a person can act on.
import { z } from 'zod';
import { roles } from '$lib/auth';
import { Constants } from '$lib/supabase';

export const personStatuses = ['active', 'invited', 'deactivated'] as const;
export type PersonStatus = (typeof personStatuses)[number];

export const pageSize = 25;

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max)
		.optional()
		.transform((value) => value || undefined);

const uuidOrNone = z
	.string()
	.trim()
	.optional()
	.transform((value) => value || null)
	.pipe(z.uuid({ error: 'Choose a team from the list.' }).nullable());

const pageNumber = z.coerce.number().int().min(1).max(100000).catch(1);

/** /admin/people?q=&role=&status=&team=&page= — an unknown value is ignored, never an error. */
export const peopleFilters = z.object({
	q: optionalText(100).catch(undefined),
	role: z.enum(roles).optional().catch(undefined),
	status: z.enum(personStatuses).optional().catch(undefined),
	team: z.uuid().optional().catch(undefined),
	page: pageNumber
});

export type PeopleFilters = z.output<typeof peopleFilters>;

const fullName = z
	.string({ error: 'Enter a name.' })
	.trim()
	.min(1, { error: 'Enter a name.' })
	.max(200, { error: 'Keep the name to 200 characters.' });

export const personForm = z.object({
	full_name: fullName,
	role: z.enum(roles, { error: 'Choose a role.' }),
	team_id: uuidOrNone,
	// Set by the confirmation an admin gives before changing their own role.
	confirm_self: z
		.string()
		.optional()
		.transform((value) => value === 'yes')
});

export const invitePersonForm = z.object({
	email: z
		.string({ error: 'Enter an email address.' })
		.trim()
		.min(1, { error: 'Enter an email address.' })
		.pipe(z.email({ error: 'That does not look like an email address.' }))
		.transform((value) => value.toLowerCase()),
	full_name: fullName,
	role: z.enum(roles, { error: 'Choose a role.' }),
	team_id: uuidOrNone
});

export const teamForm = z.object({
	name: z
		.string({ error: 'Name the team.' })
		.trim()
		.min(1, { error: 'Name the team.' })
		.max(100, { error: 'Keep the name to 100 characters.' }),
	description: z
		.string()
		.trim()
		.max(1000, { error: 'Keep the description to 1,000 characters.' })
		.default(''),
	routing_mode: z.enum(Constants.public.Enums.routing_mode).default('manual')
});

/** Skills typed as a comma-separated list: trimmed, without blanks or repeats. */
export const skillList = z
	.string()
	.default('')
	.transform((value) => [
		...new Set(
			value
				.split(',')
				.map((skill) => skill.trim().toLowerCase())
				.filter(Boolean)
		)
	])
	.pipe(
		z
			.array(z.string().max(50, { error: 'Keep each skill to 50 characters.' }))
			.max(50, { error: 'Up to 50 skills.' })
	);

export const memberForm = z.object({
	agent_id: z.uuid({ error: 'Choose an agent.' }),
	skills: skillList
});

/** /admin/audit?actor=&action=&target=&from=&to=&page= */
export const auditFilters = z.object({
	actor: optionalText(200).catch(undefined),
	action: z
		.string()
		.regex(/^[a-z_]+\.[a-z_]+$/)
		.optional()
		.catch(undefined),
	target: optionalText(200).catch(undefined),
	from: z.iso.date().optional().catch(undefined),
	to: z.iso.date().optional().catch(undefined),
	page: pageNumber
});

export type AuditFilters = z.output<typeof auditFilters>;

/** The query string's values as the schemas above read them. */
export const searchParamsObject = (params: URLSearchParams) =>
	Object.fromEntries([...params.keys()].map((key) => [key, params.get(key) ?? undefined]));
