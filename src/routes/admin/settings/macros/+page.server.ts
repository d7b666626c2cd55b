import { idForm, macroForm } from '$lib/admin/settings-forms';
import { formResult, parseForm, textValues } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure, type FieldRule } from '$lib/server/admin/settings-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase
		.from('macros')
		.select('id, name, description, message_kind, body, actions, is_active, usage_count')
		.is('owner_id', null)
		.order('position')
		.order('name');
	if (error) failedLoad(error, 'The macros could not be loaded.', 'reading macros');
	return { macros: data };
};

const rules: FieldRule[] = [
	{ field: 'name', constraint: 'unique' },
	{
		field: 'name',
		constraint: 'macros_name_check',
		message: 'Name the macro in 1 to 100 characters.'
	},
	{
		field: 'body',
		constraint: 'macros_body_check',
		message: 'Keep the text to 20,000 characters.'
	},
	{ field: 'body', about: /placeholder|text/i },
	{ field: 'add_tags', about: /tag/i }
];

const duplicate = (name: string) => `There is already a shared macro named “${name}”.`;

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const result = formResult('create');
		const body = await request.formData();
		const parsed = parseForm(macroForm, body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { error } = await locals.supabase
			.from('macros')
			.insert({ ...parsed.data, owner_id: null });
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(parsed.data.name));
			return result.fail(400, failure);
		}
		return result.ok();
	},

	save: async ({ request, locals }) => {
		const result = formResult('save');
		const body = await request.formData();
		const parsed = parseForm(macroForm.and(idForm), body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { id, ...changes } = parsed.data;
		const { data, error } = await locals.supabase
			.from('macros')
			.update(changes)
			.eq('id', id)
			.is('owner_id', null)
			.select('id');
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(changes.name));
			return result.fail(400, failure);
		}
		if (data.length === 0) return result.fail(404, 'That macro no longer exists.');
		return result.ok();
	},

	delete: async ({ request, locals }) => {
		const result = formResult('delete');
		const parsed = parseForm(idForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('macros')
			.delete()
			.eq('id', parsed.data.id)
			.is('owner_id', null)
			.select('id');
		if (error) return result.fail(400, settingsFailure(error, rules));
		if (data.length === 0) return result.fail(404, 'That macro no longer exists.');
		return result.ok();
	}
};
