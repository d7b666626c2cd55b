import { idForm, ticketFieldEditForm, ticketFieldForm } from '$lib/admin/settings-forms';
import { formResult, parseForm, textValues } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure, type FieldRule } from '$lib/server/admin/settings-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase
		.from('ticket_fields')
		.select(
			'id, key, label, description, field_type, options, required_on_solve, is_active, position'
		)
		.order('position')
		.order('label');
	if (error) failedLoad(error, 'The ticket fields could not be loaded.', 'reading ticket fields');
	return { fields: data };
};

const rules: FieldRule[] = [
	{
		field: 'key',
		constraint: 'ticket_fields_key_check',
		message:
			'A key starts with a letter and has up to 50 lowercase letters, digits and underscores.'
	},
	{ field: 'key', constraint: 'unique' },
	{
		field: 'label',
		constraint: 'ticket_fields_label_check',
		message: 'Give the field a label of up to 100 characters.'
	},
	{
		field: 'options',
		constraint: 'ticket_fields_options_check',
		message: 'Dropdown and multi-select fields need 1 to 100 options; other types take none.'
	},
	{ field: 'options', about: /option/i }
];

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const result = formResult('create');
		const body = await request.formData();
		const parsed = parseForm(ticketFieldForm, body);
		if (!parsed.ok) return result.fail(400, parsed);
		const last = await locals.supabase
			.from('ticket_fields')
			.select('position')
			.order('position', { ascending: false })
			.limit(1)
			.maybeSingle();
		const { error } = await locals.supabase
			.from('ticket_fields')
			.insert({ ...parsed.data, position: (last.data?.position ?? 0) + 1 });
		if (error) {
			const duplicate = `There is already a field with the key “${parsed.data.key}”.`;
			return result.fail(400, settingsFailure(error, rules, textValues(body), duplicate));
		}
		return result.ok({ label: parsed.data.label });
	},

	save: async ({ request, locals }) => {
		const result = formResult('save');
		const body = await request.formData();
		const parsed = parseForm(ticketFieldEditForm, body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { id, ...changes } = parsed.data;
		const { data, error } = await locals.supabase
			.from('ticket_fields')
			.update(changes)
			.eq('id', id)
			.select('id');
		if (error) return result.fail(400, settingsFailure(error, rules, textValues(body)));
		if (data.length === 0) return result.fail(404, 'That field no longer exists.');
		return result.ok({ label: changes.label });
	},

	delete: async ({ request, locals }) => {
		const result = formResult('delete');
		const parsed = parseForm(idForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('ticket_fields')
			.delete()
			.eq('id', parsed.data.id)
			.select('id');
		if (error) return result.fail(400, settingsFailure(error, rules));
		if (data.length === 0) return result.fail(404, 'That field no longer exists.');
		return result.ok();
	}
};
