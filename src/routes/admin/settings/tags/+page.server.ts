import { tagDeleteForm, tagMergeForm, tagRenameForm } from '$lib/admin/settings-forms';
import { formResult, parseForm, textValues } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure } from '$lib/server/admin/settings-errors';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase.rpc('tag_usage');
	if (error) failedLoad(error, 'The tags could not be loaded.', 'reading tags');
	return { tags: data };
};

const tickets = (count: number) => (count === 1 ? '1 ticket' : `${count} tickets`);

export const actions: Actions = {
	rename: async ({ request, locals }) => {
		const result = formResult('rename');
		const body = await request.formData();
		const parsed = parseForm(tagRenameForm, body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { tag, new_name } = parsed.data;
		const { data, error } = await locals.supabase.rpc('rename_tag', { tag, new_name });
		if (error) {
			const failure = settingsFailure(error, [{ field: 'new_name', about: /./ }], textValues(body));
			return result.fail(400, failure);
		}
		return result.ok({ done: `Renamed “${tag}” to “${new_name}” on ${tickets(data)}` });
	},

	merge: async ({ request, locals }) => {
		const result = formResult('merge');
		const body = await request.formData();
		const parsed = parseForm(tagMergeForm, body);
		if (!parsed.ok) return result.fail(400, parsed);
		const { tag, into_tag } = parsed.data;
		const { data, error } = await locals.supabase.rpc('merge_tag', { tag, into_tag });
		if (error) {
			const failure = settingsFailure(error, [{ field: 'into_tag', about: /./ }], textValues(body));
			return result.fail(400, failure);
		}
		return result.ok({ done: `Merged “${tag}” into “${into_tag}” on ${tickets(data)}` });
	},

	delete: async ({ request, locals }) => {
		const result = formResult('delete');
		const parsed = parseForm(tagDeleteForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase.rpc('delete_tag', { tag: parsed.data.tag });
		if (error) return result.fail(400, settingsFailure(error, []));
		return result.ok({ done: `Removed “${parsed.data.tag}” from ${tickets(data)}` });
	}
};
