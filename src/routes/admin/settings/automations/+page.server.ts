import {
	automationRuleForm,
	checkedConditionNames,
	checkedConditions
} from '$lib/admin/automation-form';
import { idForm } from '$lib/admin/settings-forms';
import { formResult, parseForm, textValues } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure, type FieldRule } from '$lib/server/admin/settings-errors';
import type { AppSupabaseClient } from '$lib/supabase';
import { z } from 'zod';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const [rules, runs, teams, types, staff, macros, calendars] = await Promise.all([
		locals.supabase
			.from('automation_rules')
			.select(
				'id, name, description, position, is_active, event, conditions, schedule, calendar_id, actions'
			)
			.order('position')
			.order('name'),
		locals.supabase.rpc('automation_rule_runs'),
		locals.supabase.from('teams').select('id, name').order('name'),
		locals.supabase.from('ticket_types').select('id, name').order('position'),
		locals.supabase
			.from('profiles')
			.select('id, full_name, email')
			.in('role', ['agent', 'admin'])
			.order('full_name'),
		locals.supabase
			.from('macros')
			.select('id, name')
			.is('owner_id', null)
			.eq('is_active', true)
			.order('name'),
		locals.supabase.from('business_calendars').select('id, name').order('name')
	]);
	for (const { error } of [rules, runs, teams, types, staff, macros, calendars]) {
		if (error) failedLoad(error, 'The automations could not be loaded.', 'reading automations');
	}
	const customerIds = [
		...new Set(
			(rules.data ?? []).flatMap(({ conditions }) => {
				const ids = (conditions as { customer_id?: unknown } | null)?.customer_id;
				return Array.isArray(ids) ? ids.map(String) : [];
			})
		)
	];
	const customers = customerIds.length
		? await locals.supabase.from('profiles').select('id, email').in('id', customerIds)
		: { data: [], error: null };
	if (customers.error) {
		failedLoad(customers.error, 'The automations could not be loaded.', 'reading customers');
	}
	return {
		rules: rules.data ?? [],
		runs: runs.data ?? [],
		teams: teams.data ?? [],
		types: types.data ?? [],
		staff: staff.data ?? [],
		macros: macros.data ?? [],
		calendars: calendars.data ?? [],
		customers: customers.data ?? []
	};
};

// The database names the part of a rule it refuses ("actions: set_team needs…", "schedule: …").
const rules: FieldRule[] = [
	{ field: 'name', constraint: 'unique' },
	{
		field: 'name',
		constraint: 'automation_rules_name_check',
		message: 'Name the rule in 1 to 100 characters.'
	},
	{
		field: 'description',
		constraint: 'automation_rules_description_check',
		message: 'Keep the description to 1,000 characters.'
	},
	{ field: 'percent_used', about: /percent_used/ },
	{ field: 'amount', about: /^schedule|business minutes/ },
	{ field: 'event', about: /needs a condition/ },
	{ field: 'set_status', about: /set_status|sets status|never run on closed/ },
	{ field: 'set_priority', about: /set_priority|sets priority|raise/ },
	{ field: 'set_team', about: /set_team|sets team_id/ },
	{ field: 'set_type', about: /set_type|sets type_id/ },
	{ field: 'assign', about: /assign|assignee_id/ },
	{ field: 'add_tags', about: /add_tags|adds the tag|both added/ },
	{ field: 'remove_tags', about: /remove_tags/ },
	{ field: 'apply_macro', about: /macro/ },
	{ field: 'add_note', about: /add_note/ },
	{ field: 'reply', about: /reply needs/ },
	{ field: 'notify_message', about: /notify/ },
	{ field: 'subject_contains', about: /subject_contains/ },
	{ field: 'tags_any', about: /tags_any/ },
	{ field: 'tags_all', about: /tags_all/ },
	{ field: 'tags_none', about: /tags_none/ },
	{ field: 'actions', about: /^actions/ }
];

const duplicate = (name: string) => `There is already a rule named “${name}”.`;

/** The customers named by email, as ids; the addresses that name nobody are refused. */
async function customerIdsOf(
	supabase: AppSupabaseClient,
	emails: string[]
): Promise<{ ids: string[]; error?: string }> {
	if (emails.length === 0) return { ids: [] };
	const { data, error } = await supabase
		.from('profiles')
		.select('id, email')
		.eq('role', 'client')
		.in('email', emails);
	if (error)
		return { ids: [], error: 'The customers could not be looked up. Try again in a moment.' };
	const missing = emails.filter((email) => !data.some((person) => person.email === email));
	if (missing.length)
		return { ids: [], error: `No customer has the address ${missing.join(', ')}.` };
	return { ids: data.map((person) => person.id) };
}

/** What a refused form puts back: its text, and each group of ticked boxes as a list. */
const valuesOf = (body: FormData) => ({
	...textValues(body),
	...Object.fromEntries(checkedConditionNames.map((name) => [name, body.getAll(name).join(',')]))
});

async function ruleOf(request: Request, supabase: AppSupabaseClient) {
	const body = await request.formData();
	const parsed = parseForm(automationRuleForm, body);
	if (!parsed.ok) return { body, failure: { ...parsed, values: valuesOf(body) } } as const;
	const customers = await customerIdsOf(supabase, parsed.data.customerEmails);
	if (customers.error) {
		const message = customers.error;
		return {
			body,
			failure: { message, errors: { customer_emails: message }, values: valuesOf(body) }
		} as const;
	}
	const conditions: Record<string, (string | null)[]> = {
		...checkedConditions(body),
		...parsed.data.rule.conditions
	};
	if (customers.ids.length) conditions.customer_id = customers.ids;
	return { body, rule: { ...parsed.data.rule, conditions } } as const;
}

const toggleForm = idForm.extend({ is_active: z.enum(['true', 'false']) });

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const result = formResult('create');
		const { body, rule, failure } = await ruleOf(request, locals.supabase);
		if (failure) return result.fail(400, failure);
		const last = await locals.supabase
			.from('automation_rules')
			.select('position')
			.order('position', { ascending: false })
			.limit(1)
			.maybeSingle();
		const { error } = await locals.supabase
			.from('automation_rules')
			.insert({ ...rule, position: (last.data?.position ?? 0) + 10 });
		if (error) {
			return result.fail(400, settingsFailure(error, rules, valuesOf(body), duplicate(rule.name)));
		}
		return result.ok();
	},

	save: async ({ request, locals }) => {
		const result = formResult('save');
		const { body, rule, failure } = await ruleOf(request, locals.supabase);
		if (failure) return result.fail(400, failure);
		const id = idForm.safeParse({ id: body.get('id') });
		if (!id.success) return result.fail(404, 'That rule no longer exists.');
		const { data, error } = await locals.supabase
			.from('automation_rules')
			.update(rule)
			.eq('id', id.data.id)
			.select('id');
		if (error) {
			return result.fail(400, settingsFailure(error, rules, valuesOf(body), duplicate(rule.name)));
		}
		if (data.length === 0) return result.fail(404, 'That rule no longer exists.');
		return result.ok();
	},

	// Switching a rule on or off, or deleting it, has no field to point at: the reason is toasted
	// (switching on is refused when the rule would loop with another one).
	toggle: async ({ request, locals }) => {
		const result = formResult('toggle');
		const parsed = parseForm(toggleForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const active = parsed.data.is_active === 'true';
		const { data, error } = await locals.supabase
			.from('automation_rules')
			.update({ is_active: active })
			.eq('id', parsed.data.id)
			.select('name');
		if (error) return result.fail(400, settingsFailure(error, []));
		if (data.length === 0) return result.fail(404, 'That rule no longer exists.');
		return result.ok({ name: data[0].name, active });
	},

	delete: async ({ request, locals }) => {
		const result = formResult('delete');
		const parsed = parseForm(idForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('automation_rules')
			.delete()
			.eq('id', parsed.data.id)
			.select('id');
		if (error) return result.fail(400, settingsFailure(error, []));
		if (data.length === 0) return result.fail(404, 'That rule no longer exists.');
		return result.ok();
	}
};
