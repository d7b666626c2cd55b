import { calendarForm, weekdays } from '$lib/admin/calendar-form';
import { idForm } from '$lib/admin/settings-forms';
import { formResult, parseForm, textValues } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure, type FieldRule } from '$lib/server/admin/settings-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase
		.from('business_calendars')
		.select('id, name, time_zone, opening_hours, holidays, is_default')
		.order('is_default', { ascending: false })
		.order('name');
	if (error) failedLoad(error, 'The calendars could not be loaded.', 'reading calendars');
	return { calendars: data };
};

// The database names the day an hours problem is on; a week without hours is about all of them.
const rules: FieldRule[] = [
	{ field: 'name', constraint: 'unique' },
	{ field: 'time_zone', about: /time zone/ },
	{ field: 'holidays', about: /^holidays/ },
	...weekdays.map(({ key, label }) => ({ field: `hours_${key}`, about: new RegExp(label) })),
	{ field: 'hours_mon', about: /opening hours/ }
];

const duplicate = (name: string) => `There is already a calendar named “${name}”.`;

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const result = formResult('create');
		const body = await request.formData();
		const parsed = parseForm(calendarForm, body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { error } = await locals.supabase.from('business_calendars').insert(parsed.data);
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(parsed.data.name));
			return result.fail(400, failure);
		}
		return result.ok();
	},

	save: async ({ request, locals }) => {
		const result = formResult('save');
		const body = await request.formData();
		const parsed = parseForm(calendarForm.and(idForm), body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { id, ...changes } = parsed.data;
		const { data, error } = await locals.supabase
			.from('business_calendars')
			.update(changes)
			.eq('id', id)
			.select('id');
		if (error) {
			const failure = settingsFailure(error, rules, textValues(body), duplicate(changes.name));
			return result.fail(400, failure);
		}
		if (data.length === 0) return result.fail(404, 'That calendar no longer exists.');
		return result.ok();
	},

	delete: async ({ request, locals }) => {
		const result = formResult('delete');
		const parsed = parseForm(idForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('business_calendars')
			.delete()
			.eq('id', parsed.data.id)
			.select('id');
		if (error) {
			const message =
				error.code === '23503'
					? 'An SLA policy uses this calendar; give the policy another calendar first.'
					: settingsFailure(error, rules).message;
			return result.fail(400, message);
		}
		if (data.length === 0) return result.fail(404, 'That calendar no longer exists.');
		return result.ok();
	}
};
