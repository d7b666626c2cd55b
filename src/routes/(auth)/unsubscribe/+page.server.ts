// The link at the foot of every email: /unsubscribe?token=…. Opening it changes nothing (mail
// scanners open links before people do); the button posts the token to the database, which turns
// every email off for the person it stands for, and "Subscribe again" turns them back on.
import { formResult } from '$lib/forms';
import type { Actions, PageServerLoad } from './$types';

// The database writes 24 random bytes as hex.
const tokenPattern = /^[0-9a-f]{48}$/;

const validToken = (value: FormDataEntryValue | null) => {
	const token = typeof value === 'string' ? value.trim().toLowerCase() : '';
	return tokenPattern.test(token) ? token : null;
};

const brokenLink =
	'This unsubscribe link is not complete. Open it again from the email, or change your email settings after signing in.';
const unknownLink =
	'This unsubscribe link is no longer valid. Change your email settings after signing in.';

export const load: PageServerLoad = ({ url }) => ({
	token: validToken(url.searchParams.get('token')),
	brokenLink
});

function setSubscription<F extends 'unsubscribe' | 'resubscribe'>(form: F) {
	return async ({ locals, request }: { locals: App.Locals; request: Request }) => {
		const result = formResult(form);
		const token = validToken((await request.formData()).get('token'));
		if (!token) return result.fail(400, brokenLink);
		const { data: known, error } = await locals.supabase.rpc(
			form === 'unsubscribe' ? 'unsubscribe_from_emails' : 'resubscribe_to_emails',
			{ token }
		);
		if (error) {
			return result.fail(503, 'Your email settings could not be changed just now. Try again.');
		}
		if (!known) return result.fail(404, unknownLink);
		return result.ok();
	};
}

export const actions: Actions = {
	unsubscribe: setSubscription('unsubscribe'),
	resubscribe: setSubscription('resubscribe')
};
