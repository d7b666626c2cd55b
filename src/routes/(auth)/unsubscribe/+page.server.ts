// The link at the foot of every email: /unsubscribe?token=…. Opening it changes nothing (mail
// scanners open links before people do); the button posts the token to the database, which turns
// every email off for the person it stands for, and "Subscribe again" turns them back on.
import { formResult } from '$lib/forms';
import {
	brokenUnsubscribeLink,
	unknownUnsubscribeLink,
	unsubscribeToken
} from '$lib/server/unsubscribe';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ url }) => ({
	token: unsubscribeToken(url.searchParams.get('token')),
	brokenLink: brokenUnsubscribeLink
});

function setSubscription<F extends 'unsubscribe' | 'resubscribe'>(form: F) {
	return async ({ locals, request }: { locals: App.Locals; request: Request }) => {
		const result = formResult(form);
		const token = unsubscribeToken((await request.formData()).get('token'));
		if (!token) return result.fail(400, brokenUnsubscribeLink);
		const { data: known, error } = await locals.supabase.rpc(
			form === 'unsubscribe' ? 'unsubscribe_from_emails' : 'resubscribe_to_emails',
			{ token }
		);
		if (error) {
			return result.fail(503, 'Your email settings could not be changed just now. Try again.');
		}
		if (!known) return result.fail(404, unknownUnsubscribeLink);
		return result.ok();
	};
}

export const actions: Actions = {
	unsubscribe: setSubscription('unsubscribe'),
	resubscribe: setSubscription('resubscribe')
};
