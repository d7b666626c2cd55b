// One's own profile, for every role: name and picture (profiles), email address and password (the
// Auth server, which confirms a new address by email), and which notifications to receive.
import { redirect } from '@sveltejs/kit';
import {
	avatarForm,
	avatarSrc,
	emailChangeForm,
	inAppChoices,
	nameForm,
	passwordChangeForm,
	preferencesForm,
	receivesEmail
} from '$lib/account';
import { authErrorMessage, authErrorStatus, mfaLocation } from '$lib/auth';
import { formResult, parseForm, textValues } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

const notices = {
	'email-changed': 'Your email address is changed. Sign in with it from now on.',
	'email-change-half':
		'One link confirmed. Follow the link we sent to your other address to finish the change.'
} as const;

const isNotice = (value: string | null): value is keyof typeof notices =>
	value !== null && value in notices;

const avatarBucket = 'avatars';

export const load: PageServerLoad = async ({ locals, url, depends }) => {
	depends('supabase:auth');
	const { claims, role } = locals;
	if (!claims || !role) redirect(303, '/login');
	// Changing the address or password needs the session to have used the second factor it has.
	if (claims.mfa_enrolled === true && claims.aal !== 'aal2') {
		redirect(303, mfaLocation('challenge', url.pathname + url.search));
	}
	const [user, profile, preferences] = await Promise.all([
		locals.supabase.auth.getUser(),
		locals.supabase
			.from('profiles')
			.select('full_name, avatar_path')
			.eq('id', claims.sub)
			.maybeSingle(),
		locals.supabase
			.from('notification_preferences')
			.select('muted_kinds, email_ticket_received, email_agent_reply, email_ticket_solved')
			.eq('user_id', claims.sub)
			.maybeSingle()
	]);
	const notice = url.searchParams.get('notice');
	return {
		userId: claims.sub,
		role,
		fullName: profile.data?.full_name ?? '',
		avatarUrl: avatarSrc(profile.data?.avatar_path),
		email: user.data.user?.email ?? claims.email ?? '',
		pendingEmail: user.data.user?.new_email ?? undefined,
		inApp: inAppChoices(role).map((choice) => ({
			...choice,
			on: !(preferences.data?.muted_kinds ?? []).includes(choice.key)
		})),
		emails: receivesEmail(role)
			? {
					email_ticket_received: preferences.data?.email_ticket_received ?? true,
					email_agent_reply: preferences.data?.email_agent_reply ?? true,
					email_ticket_solved: preferences.data?.email_ticket_solved ?? true
				}
			: undefined,
		notice: isNotice(notice) ? notices[notice] : undefined
	};
};

/** The signed-in person, or a sign-in redirect when the session ended meanwhile. */
function signedIn(locals: App.Locals) {
	if (!locals.claims || !locals.role) redirect(303, '/login?next=/account/profile');
	return { id: locals.claims.sub, role: locals.role };
}

export const actions: Actions = {
	name: async ({ request, locals }) => {
		const result = formResult('name');
		const me = signedIn(locals);
		const parsed = parseForm(nameForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('profiles')
			.update({ full_name: parsed.data.full_name })
			.eq('id', me.id)
			.select('id');
		if (error || data.length === 0) {
			return result.fail(error ? 503 : 403, 'Your name could not be saved. Try again.', {
				full_name: parsed.data.full_name
			});
		}
		return result.ok();
	},

	// The browser uploaded the picture into the person's own folder (the bucket's policies allow no
	// other); this makes it theirs and removes the one it replaces.
	avatar: async ({ request, locals }) => {
		const result = formResult('avatar');
		const me = signedIn(locals);
		const parsed = parseForm(avatarForm(me.id), await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const path = parsed.data.avatar_path;
		const bucket = locals.supabase.storage.from(avatarBucket);
		const uploaded = await bucket.exists(path);
		if (!uploaded.data) return result.fail(400, 'The picture did not arrive. Upload it again.');
		const previous = await locals.supabase
			.from('profiles')
			.select('avatar_path')
			.eq('id', me.id)
			.single();
		const { error } = await locals.supabase
			.from('profiles')
			.update({ avatar_path: path })
			.eq('id', me.id);
		if (error || previous.error) {
			await bucket.remove([path]);
			return result.fail(503, 'Your picture could not be saved. Try again.');
		}
		if (previous.data.avatar_path && previous.data.avatar_path !== path) {
			await bucket.remove([previous.data.avatar_path]);
		}
		return result.ok();
	},

	removeAvatar: async ({ locals }) => {
		const result = formResult('removeAvatar');
		const me = signedIn(locals);
		const { error } = await locals.supabase
			.from('profiles')
			.update({ avatar_path: null })
			.eq('id', me.id);
		if (error) return result.fail(503, 'Your picture could not be removed. Try again.');
		// Everything in the person's folder goes, pictures left by an upload never saved included.
		const bucket = locals.supabase.storage.from(avatarBucket);
		const { data: files } = await bucket.list(me.id);
		if (files?.length) await bucket.remove(files.map((file) => `${me.id}/${file.name}`));
		return result.ok();
	},

	// Supabase emails a confirmation link to the new address (and, with secure email change, to the
	// current one); the change takes effect when the links are followed (/auth/confirm).
	email: async ({ request, locals, url }) => {
		const result = formResult('email');
		signedIn(locals);
		const form = await request.formData();
		const parsed = parseForm(emailChangeForm, form);
		if (!parsed.ok) return result.fail(400, parsed);
		const { email } = parsed.data;
		const current = await locals.supabase.auth.getUser();
		if (current.data.user?.email === email) {
			return result.fail(400, {
				message: 'That is already your email address.',
				errors: { email: 'That is already your email address.' },
				values: textValues(form)
			});
		}
		const { error } = await locals.supabase.auth.updateUser(
			{ email },
			{ emailRedirectTo: url.origin }
		);
		if (error) {
			const taken = error.code === 'email_exists' || error.code === 'user_already_exists';
			const invalid = error.code === 'email_address_invalid' || error.code === 'validation_failed';
			const message = taken
				? 'Another account uses this email address.'
				: invalid
					? 'That email address cannot be used.'
					: authErrorMessage(error);
			return result.fail(authErrorStatus(error), {
				message,
				errors: taken || invalid ? { email: message } : {},
				values: textValues(form)
			});
		}
		return result.ok({ pendingEmail: email });
	},

	password: async ({ request, locals }) => {
		const result = formResult('password');
		signedIn(locals);
		const parsed = parseForm(passwordChangeForm, await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { password, nonce } = parsed.data;
		const { error } = await locals.supabase.auth.updateUser({ password, nonce });
		if (!error) return result.ok();
		// The project requires a fresh proof of identity: the Auth server emails a code to type in.
		if (error.code === 'reauthentication_needed') {
			const sent = await locals.supabase.auth.reauthenticate();
			if (sent.error) return result.fail(authErrorStatus(sent.error), authErrorMessage(sent.error));
			const message = 'We emailed you a code. Enter it to confirm the new password.';
			return result.fail(400, { message, errors: { nonce: message }, values: {} });
		}
		if (error.code === 'reauthentication_not_valid') {
			const message = 'That code is wrong or has expired. Enter the newest one we emailed you.';
			return result.fail(400, { message, errors: { nonce: message }, values: {} });
		}
		if (error.code === 'same_password' || error.code === 'weak_password') {
			const message = authErrorMessage(error);
			return result.fail(422, { message, errors: { password: message }, values: {} });
		}
		return result.fail(authErrorStatus(error), authErrorMessage(error));
	},

	preferences: async ({ request, locals }) => {
		const result = formResult('preferences');
		const me = signedIn(locals);
		const parsed = parseForm(preferencesForm(me.role), await request.formData());
		if (!parsed.ok) return result.fail(400, parsed);
		const { data, error } = await locals.supabase
			.from('notification_preferences')
			.update(parsed.data)
			.eq('user_id', me.id)
			.select('user_id');
		if (error || data.length === 0) {
			return result.fail(
				error ? 503 : 403,
				'Your preferences could not be saved. Sign in again, then try once more.'
			);
		}
		return result.ok();
	}
};
