import { staffMfaForm } from '$lib/auth';
import { generalForm } from '$lib/admin/settings-forms';
import { formResult, parseForm } from '$lib/forms';
import { failedLoad } from '$lib/server/admin/database-errors';
import { settingsFailure } from '$lib/server/admin/settings-errors';
import { requireAdmin } from '$lib/server/service-client';
import { forgetWorkspaceSettings, setStaffMfaRequired } from '$lib/server/workspace-settings';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const { data, error } = await locals.supabase
		.from('app_settings')
		.select('business_name, support_email, require_staff_mfa, updated_at')
		.single();
	if (error) failedLoad(error, 'The settings could not be loaded.', 'reading the settings');
	return { settings: data };
};

// The policies answer a refused update with no row rather than an error.
const notAllowed = 'Confirm it is you with your authenticator app first, then try again.';

export const actions: Actions = {
	general: async ({ request, locals }) => {
		const result = formResult('general');
		const parsed = parseForm(generalForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('app_settings')
			.update(parsed.data)
			.eq('id', true)
			.select('business_name');
		if (error) {
			const failure = settingsFailure(
				error,
				[
					{
						field: 'business_name',
						constraint: 'app_settings_business_name_check',
						message: 'The business name needs 1 to 100 characters, without spaces around it.'
					},
					{
						field: 'support_email',
						constraint: 'app_settings_support_email_check',
						message: 'That does not look like an email address.'
					}
				],
				{ ...parsed.data }
			);
			return result.fail(400, failure);
		}
		if (data.length === 0) return result.fail(403, notAllowed, { ...parsed.data });
		return result.ok();
	},

	security: async ({ request, locals }) => {
		const result = formResult('security');
		requireAdmin(locals);
		const parsed = parseForm(staffMfaForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await setStaffMfaRequired(
			locals.supabase,
			parsed.data.require_staff_mfa
		);
		forgetWorkspaceSettings();
		if (error || data.length === 0) return result.fail(403, notAllowed);
		return result.ok({ required: data[0].require_staff_mfa });
	}
};
