import {
	checkedConditions,
	priorities,
	slaPolicyForm,
	targetField,
	targetKinds
} from '$lib/admin/sla-form';
import { idForm } from '$lib/admin/settings-forms';
import { formResult, parseForm, textValues } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure, type FieldRule } from '$lib/server/admin/settings-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const [policies, calendars, teams, types] = await Promise.all([
		locals.supabase
			.from('sla_policies')
			.select('id, name, description, position, is_active, calendar_id, conditions, targets')
			.order('position')
			.order('name'),
		locals.supabase.from('business_calendars').select('id, name, is_default').order('name'),
		locals.supabase.from('teams').select('id, name').order('name'),
		locals.supabase.from('ticket_types').select('id, name').order('position')
	]);
	for (const { error } of [policies, calendars, teams, types]) {
		if (error) failedLoad(error, 'The SLA policies could not be loaded.', 'reading SLA policies');
	}
	return {
		policies: policies.data ?? [],
		calendars: calendars.data ?? [],
		teams: teams.data ?? [],
		types: types.data ?? []
	};
};

// The database names the priority and target it refuses ("targets: urgent first_response must…").
const rules: FieldRule[] = [
	{ field: 'name', constraint: 'unique' },
	...priorities.flatMap((priority) =>
		targetKinds.map(({ key }) => ({
			field: targetField(priority, key),
			about: new RegExp(`\\b${priority} ${key}\\b`)
		}))
	),
	{ field: 'targets', about: /^targets/ },
	{ field: 'conditions', about: /^conditions/ }
];

const duplicate = (name: string) => `There is already a policy named “${name}”.`;

async function policyOf(request: Request) {
	const body = await request.formData();
	const parsed = parseForm(slaPolicyForm, body);
	if (!parsed.ok) return { body, parsed } as const;
	const conditions = { ...checkedConditions(body), ...parsed.data.conditions };
	return { body, parsed: { ok: true, data: { ...parsed.data, conditions } } } as const;
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const result = formResult('create');
		const { body, parsed } = await policyOf(request);
		if (!parsed.ok) return result.fail(400, parsed);
		const last = await locals.supabase
			.from('sla_policies')
			.select('position')
			.order('position', { ascending: false })
			.limit(1)
			.maybeSingle();
		const { error } = await locals.supabase
			.from('sla_policies')
			.insert({ ...parsed.data, position: (last.data?.position ?? 0) + 10 });
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(parsed.data.name));
			return result.fail(400, failure);
		}
		return result.ok();
	},

	save: async ({ request, locals }) => {
		const result = formResult('save');
		const { body, parsed } = await policyOf(request);
		if (!parsed.ok) return result.fail(400, parsed);
		const id = idForm.safeParse({ id: body.get('id') });
		if (!id.success) return result.fail(404, 'That policy no longer exists.');
		const { data, error } = await locals.supabase
			.from('sla_policies')
			.update(parsed.data)
			.eq('id', id.data.id)
			.select('id');
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(parsed.data.name));
			return result.fail(400, failure);
		}
		if (data.length === 0) return result.fail(404, 'That policy no longer exists.');
		return result.ok();
	},

	delete: async ({ request, locals }) => {
		const result = formResult('delete');
		const parsed = parseForm(idForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('sla_policies')
			.delete()
			.eq('id', parsed.data.id)
			.select('id');
		if (error) return result.fail(400, settingsFailure(error, rules));
		if (data.length === 0) return result.fail(404, 'That policy no longer exists.');
		return result.ok();
	}
};
