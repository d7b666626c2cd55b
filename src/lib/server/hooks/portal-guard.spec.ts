import { isHttpError, isRedirect } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { AuthUnavailableError, forbiddenMessage, type AppClaims, type Role } from '$lib/auth';
import { portalGuard } from './portal-guard';
import { testEvent, testResolve, type TestRequest } from './test-event';

const claimsOf = (role: Role) =>
	({ sub: `${role}-id`, role: 'authenticated', user_role: role }) as AppClaims;

/** What the guard does with a request: let it through, redirect, or refuse with a status. */
async function outcome(request: TestRequest) {
	const { resolve, calls } = testResolve();
	try {
		const response = await portalGuard({ event: testEvent(request), resolve });
		return calls.length > 0
			? { kind: 'pass' }
			: { kind: 'refused', status: response.status, body: await response.text() };
	} catch (thrown) {
		if (isRedirect(thrown)) return { kind: 'redirect', location: thrown.location };
		if (isHttpError(thrown))
			return { kind: 'refused', status: thrown.status, body: thrown.body.message };
		throw thrown;
	}
}

describe('the portal guard in the hook', () => {
	it('does not take an auth server out of reach for "signed out"', async () => {
		const event = testEvent({ path: '/agent/tickets/6', isDataRequest: true });
		event.locals.getClaims = () => Promise.reject(new AuthUnavailableError());
		const { resolve, calls } = testResolve();
		await portalGuard({ event, resolve });
		expect(calls).toHaveLength(1);
		expect(event.locals).toMatchObject({ authUnavailable: true, claims: null, role: null });

		const post = testEvent({ path: '/agent/tickets/6', method: 'POST' });
		post.locals.getClaims = () => Promise.reject(new AuthUnavailableError());
		const refused = await portalGuard({ event: post, resolve: testResolve().resolve });
		expect(refused.status).toBe(503);
	});

	it("refuses a client's data requests for the agent and admin portals before any load runs", async () => {
		for (const [path, portal] of [
			['/agent', 'agent'],
			['/agent/tickets/6', 'agent'],
			['/admin', 'admin']
		] as const) {
			expect(await outcome({ path, isDataRequest: true, claims: claimsOf('client') })).toEqual({
				kind: 'refused',
				status: 403,
				body: forbiddenMessage('client', portal)
			});
		}
	});

	it('sends an anonymous data request to sign in instead of running the portal loads', async () => {
		expect(await outcome({ path: '/agent/tickets/6', isDataRequest: true })).toEqual({
			kind: 'redirect',
			location: `/login?next=${encodeURIComponent('/agent/tickets/6')}`
		});
	});

	it('lets the portal layout render its own 403 page for a page load', async () => {
		expect(await outcome({ path: '/agent', claims: claimsOf('client') })).toEqual({
			kind: 'pass'
		});
	});

	it('refuses posts to a portal the role may not enter, and posts from strangers', async () => {
		expect(await outcome({ path: '/admin', method: 'POST', claims: claimsOf('agent') })).toEqual({
			kind: 'refused',
			status: 403,
			body: forbiddenMessage('agent', 'admin')
		});
		expect(await outcome({ path: '/client', method: 'POST' })).toEqual({
			kind: 'refused',
			status: 401,
			body: 'Sign in first.'
		});
	});

	it('lets every role into its own portal and admins into all of them, data included', async () => {
		for (const [role, path] of [
			['client', '/client'],
			['agent', '/agent/tickets/6'],
			['admin', '/agent'],
			['admin', '/client/tickets/1'],
			['admin', '/admin']
		] as const) {
			expect(await outcome({ path, isDataRequest: true, claims: claimsOf(role) })).toEqual({
				kind: 'pass'
			});
		}
	});
});
