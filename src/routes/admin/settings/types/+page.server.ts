import { idForm, ticketTypeForm } from '$lib/admin/settings-forms';
import { formResult, parseForm, textValues } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure, type FieldRule } from '$lib/server/admin/settings-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase
		.from('ticket_types')
		.select('id, name, description, position')
		.order('position')
		.order('name');
	if (error) failedLoad(error, 'The ticket types could not be loaded.', 'reading ticket types');
	return { types: data };
};

const rules: FieldRule[] = [
	{ field: 'name', constraint: 'unique' },
	{
		field: 'name',
		constraint: 'ticket_types_name_check',
		message: 'Name the type in 1 to 100 characters.'
	},
	{
		field: 'description',
		constraint: 'ticket_types_description_check',
		message: 'Keep the description to 1,000 characters.'
	}
];

const duplicate = (name: string) => `There is already a type named “${name}”.`;

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const result = formResult('create');
		const body = await request.formData();
		const parsed = parseForm(ticketTypeForm, body);
		if (!parsed.ok) return result.fail(400, parsed);
		const last = await locals.supabase
			.from('ticket_types')
			.select('position')
			.order('position', { ascending: false })
			.limit(1)
			.maybeSingle();
		const { error } = await locals.supabase
			.from('ticket_types')
			.insert({ ...parsed.data, position: (last.data?.position ?? 0) + 1 });
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(parsed.data.name));
			return result.fail(400, failure);
		}
		return result.ok();
	},

	save: async ({ request, locals }) => {
		const result = formResult('save');
		const body = await request.formData();
		const parsed = parseForm(ticketTypeForm.extend(idForm.shape), body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { id, ...changes } = parsed.data;
		const { data, error } = await locals.supabase
			.from('ticket_types')
			.update(changes)
			.eq('id', id)
			.select('id');
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(changes.name));
			return result.fail(400, failure);
		}
		if (data.length === 0) return result.fail(404, 'That type no longer exists.');
		return result.ok();
	},

	delete: async ({ request, locals }) => {
		const result = formResult('delete');
		const parsed = parseForm(idForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('ticket_types')
			.delete()
			.eq('id', parsed.data.id)
			.select('id');
		if (error) return result.fail(400, settingsFailure(error, rules));
		if (data.length === 0) return result.fail(404, 'That type no longer exists.');
		return result.ok();
	}
};
