// RFC 8058 one-click unsubscribe: the address in every customer email's List-Unsubscribe header.
// A mail client's Unsubscribe button POSTs `List-Unsubscribe=One-Click` here, without cookies or
// sign-in, and the token in the address turns every email off for the person it stands for. A GET
// (a person, or a link scanner, opening the address) changes nothing: it goes to the page that asks.
import { redirect, type RequestHandler } from '@sveltejs/kit';
import { resolve } from '$app/paths';
import {
	brokenUnsubscribeLink,
	oneClickField,
	unknownUnsubscribeLink,
	unsubscribeToken
} from '$lib/server/unsubscribe';

const answer = (status: number, message: string) =>
	new Response(`${message}\n`, {
		status,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});

const notOneClick = `This address takes one-click unsubscribe posts (RFC 8058): a form body of ${oneClickField.name}=${oneClickField.value}.`;

/** Whether the body is RFC 8058's, read from either form encoding the RFC allows. */
async function isOneClickBody(request: Request): Promise<boolean> {
	try {
		return (await request.formData()).get(oneClickField.name) === oneClickField.value;
	} catch {
		return false;
	}
}

export const POST: RequestHandler = async ({ url, request, locals }) => {
	const token = unsubscribeToken(url.searchParams.get('token'));
	if (!token) return answer(400, brokenUnsubscribeLink);
	if (!(await isOneClickBody(request))) return answer(400, notOneClick);
	const { data: known, error } = await locals.supabase.rpc('unsubscribe_from_emails', { token });
	if (error) return answer(503, 'Your email settings could not be changed just now. Try again.');
	if (!known) return answer(404, unknownUnsubscribeLink);
	return answer(200, 'You are unsubscribed: we will not email you about your tickets any more.');
};

export const GET: RequestHandler = ({ url }) => {
	const query = new URLSearchParams({ token: url.searchParams.get('token') ?? '' });
	redirect(303, `${resolve('/unsubscribe')}?${query}`);
};
