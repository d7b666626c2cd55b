import { describe, expect, it } from 'vitest';
import { refuseCrossSiteForms } from './cross-site-forms';
import { appOrigin, testEvent, testResolve } from './test-event';

const post = (contentType: string, origin?: string, accept?: string) =>
	testEvent({
		path: '/client/tickets/new',
		method: 'POST',
		headers: {
			'content-type': contentType,
			...(origin && { origin }),
			...(accept && { accept })
		},
		body: 'subject=x'
	});

describe('cross-site form posts', () => {
	for (const type of [
		'application/x-www-form-urlencoded',
		'multipart/form-data; boundary=x',
		'text/plain',
		'TEXT/PLAIN; charset=utf-8'
	]) {
		it(`refuses a ${type} post from another site, in dev as in the build`, async () => {
			const { resolve, calls } = testResolve();
			const response = await refuseCrossSiteForms({
				event: post(type, 'http://evil.example'),
				resolve
			});
			expect(response.status).toBe(403);
			expect(await response.text()).toBe('Cross-site POST form submissions are forbidden');
			expect(calls).toHaveLength(0);
		});
	}

	it('refuses a form post that names no origin at all', async () => {
		const { resolve, calls } = testResolve();
		const response = await refuseCrossSiteForms({ event: post('text/plain'), resolve });
		expect(response.status).toBe(403);
		expect(calls).toHaveLength(0);
	});

	it('answers in JSON to a client that asks for JSON', async () => {
		const { resolve } = testResolve();
		const response = await refuseCrossSiteForms({
			event: post('text/plain', 'http://evil.example', 'application/json'),
			resolve
		});
		expect(await response.json()).toEqual({
			message: 'Cross-site POST form submissions are forbidden'
		});
	});

	it('lets the app post its own forms, and lets JSON and reads through', async () => {
		for (const event of [
			post('application/x-www-form-urlencoded', appOrigin),
			post('application/json', 'http://evil.example'),
			testEvent({ path: '/client', headers: { origin: 'http://evil.example' } })
		]) {
			const { resolve, calls } = testResolve();
			const response = await refuseCrossSiteForms({ event, resolve });
			expect(response.status).toBe(200);
			expect(calls).toHaveLength(1);
		}
	});

	it('lets a mail provider post one-click unsubscribe (RFC 8058), from anywhere, and nothing else there', async () => {
		const oneClick = (method: string, path = '/unsubscribe/one-click?token=x') =>
			testEvent({
				path,
				method,
				headers: { 'content-type': 'application/x-www-form-urlencoded' },
				body: 'List-Unsubscribe=One-Click'
			});
		const { resolve, calls } = testResolve();
		expect((await refuseCrossSiteForms({ event: oneClick('POST'), resolve })).status).toBe(200);
		expect(calls).toHaveLength(1);
		for (const event of [oneClick('PUT'), oneClick('POST', '/unsubscribe?token=x')]) {
			expect((await refuseCrossSiteForms({ event, resolve })).status).toBe(403);
		}
		expect(calls).toHaveLength(1);
	});
});
