import { isHttpError, type RequestEvent } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { checkActionBodies } from './action-bodies';
import { appOrigin, testEvent, testResolve } from './test-event';

type RouteId = NonNullable<RequestEvent['route']['id']>;

const action = (
	headers: Record<string, string>,
	body: BodyInit,
	routeId: RouteId = '/(auth)/login'
) =>
	testEvent({
		path: '/login',
		method: 'POST',
		routeId,
		headers: { origin: appOrigin, ...headers },
		body
	});

/** What the hook answers: its response, or the status and message of the error it throws. */
async function answer(event: ReturnType<typeof action>) {
	const { resolve, calls } = testResolve();
	try {
		const response = await checkActionBodies({ event, resolve });
		return { status: response.status, body: await response.text(), resolved: calls.length };
	} catch (error) {
		if (!isHttpError(error)) throw error;
		return { status: error.status, body: error.body.message, resolved: calls.length };
	}
}

describe('form action bodies', () => {
	it('answers 415 with a message to a text/plain post, before the action runs', async () => {
		expect(await answer(action({ 'content-type': 'text/plain' }, 'email=a@b.c'))).toEqual({
			status: 415,
			body: 'This form takes form data (application/x-www-form-urlencoded or multipart/form-data).',
			resolved: 0
		});
	});

	it('answers 415 to JSON and to a post without a content type', async () => {
		for (const headers of [{ 'content-type': 'application/json' }, {}] as Record<
			string,
			string
		>[]) {
			expect(await answer(action(headers, '{}'))).toMatchObject({ status: 415, resolved: 0 });
		}
	});

	it('answers 400 to multipart data that cannot be parsed', async () => {
		const broken = action(
			{ 'content-type': 'multipart/form-data; boundary=nothing-like-this' },
			'--other\r\nContent-Disposition: form-data; name="email"\r\n\r\nx'
		);
		expect(await answer(broken)).toEqual({
			status: 400,
			body: 'The form data could not be read. Reload the page and try again.',
			resolved: 0
		});
	});

	it('gives use:enhance an ActionResult it can show', async () => {
		const enhanced = action(
			{ 'content-type': 'text/plain', 'x-sveltekit-action': 'true', accept: 'application/json' },
			'x'
		);
		const { resolve } = testResolve();
		const response = await checkActionBodies({ event: enhanced, resolve });
		expect(response.status).toBe(415);
		expect(await response.json()).toEqual({
			type: 'error',
			error: {
				message:
					'This form takes form data (application/x-www-form-urlencoded or multipart/form-data).'
			}
		});
	});

	it('lets form data through, and leaves endpoints and reads alone', async () => {
		const form = new FormData();
		form.set('email', 'a@b.c');
		for (const event of [
			action({ 'content-type': 'application/x-www-form-urlencoded' }, 'email=a%40b.c'),
			action({}, form),
			action({ 'content-type': 'text/plain' }, 'x', '/(auth)/auth/confirm'),
			testEvent({ path: '/login', routeId: '/(auth)/login' })
		]) {
			expect(await answer(event)).toMatchObject({ status: 200, resolved: 1 });
		}
	});
});
