// MFA with TOTP through supabase-js's auth.mfa and auth.admin.mfa: enrolment, challenge and
// verification raising the session to aal2, the assurance level supabase-js reads, unenrolment,
// the admin factor endpoints, and GoTrue's errors and its limit on verification attempts.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { authFetch, jwtPayload, uniqueEmail } from './fixtures/auth/support';
import { expiredCode, totpCode, wrongCode } from './fixtures/auth/totp';

const fixture = join(import.meta.dirname, 'fixtures', 'auth');

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: fixture });
});
afterAll(() => stack?.stop());

/** A distinct client address per test, so rate limits and IP checks are the test's own. */
const newIp = () =>
	`10.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}.${(Math.random() * 250) | 0}`;

function clientFrom(ip: string) {
	return stack.client(stack.keys.anon, {
		auth: { storageKey: `mfa-${randomUUID()}` },
		global: { headers: { 'X-Forwarded-For': ip } }
	});
}

async function signedIn(ip = newIp()) {
	const email = uniqueEmail('mfa');
	const password = 'correct-horse-1';
	const client = clientFrom(ip);
	const { data, error } = await client.auth.signUp({ email, password });
	if (error) throw error;
	return { client, email, password, ip, userId: data.user!.id };
}

async function enrolled(ip = newIp()) {
	const user = await signedIn(ip);
	const { data, error } = await user.client.auth.mfa.enroll({
		factorType: 'totp',
		friendlyName: 'Phone app'
	});
	if (error) throw error;
	return { ...user, factorId: data.id, secret: data.totp.secret };
}

/** Enrols and verifies a factor: the client's session is then aal2. */
async function verified(ip = newIp()) {
	const user = await enrolled(ip);
	const { error } = await user.client.auth.mfa.challengeAndVerify({
		factorId: user.factorId,
		code: totpCode(user.secret)
	});
	if (error) throw error;
	return user;
}

async function accessToken(client: ReturnType<typeof clientFrom>) {
	return (await client.auth.getSession()).data.session!.access_token;
}

describe('enrolling a TOTP factor', () => {
	it('answers the factor, its secret, its otpauth URI and its QR code as GoTrue does', async () => {
		const { client, email } = await signedIn();
		const { data, error } = await client.auth.mfa.enroll({
			factorType: 'totp',
			friendlyName: 'Work phone'
		});
		expect(error).toBeNull();
		expect(data).toMatchObject({ type: 'totp', friendly_name: 'Work phone' });
		expect(data!.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(data!.totp.secret).toMatch(/^[A-Z2-7]{32}$/);
		expect(data!.totp.uri).toBe(
			`otpauth://totp/localhost:3000:${email}?algorithm=SHA1&digits=6&issuer=localhost%3A3000&period=30&secret=${data!.totp.secret}`
		);
		expect(data!.totp.qr_code).toMatch(/^data:image\/svg\+xml;utf-8,<svg [^>]*>.*<\/svg>$/);
		expect(data!.totp.qr_code).not.toContain('#');

		const factors = await client.auth.mfa.listFactors();
		expect(factors.data?.all).toEqual([
			expect.objectContaining({
				id: data!.id,
				friendly_name: 'Work phone',
				factor_type: 'totp',
				status: 'unverified'
			})
		]);
		expect(factors.data?.totp).toEqual([]);
	});

	it('takes the issuer the app names', async () => {
		const { client } = await signedIn();
		const { data } = await client.auth.mfa.enroll({ factorType: 'totp', issuer: 'AutoCRM' });
		expect(data!.totp.uri).toMatch(/^otpauth:\/\/totp\/AutoCRM:.*&issuer=AutoCRM&/);
	});

	it('refuses a second factor of the same name, and phone and WebAuthn factors', async () => {
		const { client } = await enrolled();
		const again = await client.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Phone app' });
		expect(again.error).toMatchObject({
			status: 422,
			code: 'mfa_factor_name_conflict',
			message: 'A factor with the friendly name "Phone app" for this user already exists'
		});
		const phone = await client.auth.mfa.enroll({ factorType: 'phone', phone: '+15555550100' });
		expect(phone.error).toMatchObject({
			status: 422,
			code: 'mfa_phone_enroll_not_enabled',
			message: 'MFA enroll is disabled for Phone'
		});
	});

	it('refuses an anonymous user', async () => {
		const anonymous = clientFrom(newIp());
		await anonymous.auth.signInAnonymously();
		const { error } = await anonymous.auth.mfa.enroll({ factorType: 'totp' });
		expect(error).toMatchObject({
			status: 403,
			code: 'no_authorization',
			message: 'Anonymous user not allowed to perform these actions'
		});
	});
});

describe('verifying a factor', () => {
	it('raises the session to aal2 with totp in its amr, and keeps it on refresh', async () => {
		const { client, factorId, secret } = await enrolled();
		const before = await client.auth.mfa.getAuthenticatorAssuranceLevel();
		expect(before.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal1' });

		const challenge = await client.auth.mfa.challenge({ factorId });
		expect(challenge.error).toBeNull();
		expect(challenge.data).toMatchObject({ type: 'totp' });
		expect(challenge.data!.expires_at - Date.now() / 1000).toBeGreaterThan(290);

		const verify = await client.auth.mfa.verify({
			factorId,
			challengeId: challenge.data!.id,
			code: totpCode(secret)
		});
		expect(verify.error).toBeNull();
		const claims = jwtPayload(verify.data!.access_token);
		expect(claims.aal).toBe('aal2');
		expect((claims.amr as { method: string }[]).map((entry) => entry.method)).toEqual([
			'totp',
			'password'
		]);
		expect(verify.data!.user.factors).toEqual([
			expect.objectContaining({ id: factorId, status: 'verified' })
		]);

		const level = await client.auth.mfa.getAuthenticatorAssuranceLevel();
		expect(level.data).toMatchObject({ currentLevel: 'aal2', nextLevel: 'aal2' });
		expect((await client.auth.mfa.listFactors()).data?.totp).toHaveLength(1);

		const refreshed = await client.auth.refreshSession();
		expect(jwtPayload(refreshed.data.session!.access_token).aal).toBe('aal2');
	});

	it('asks a new session for the code: aal1 now, aal2 next', async () => {
		const { email, password, factorId, secret } = await verified();
		const next = clientFrom(newIp());
		await next.auth.signInWithPassword({ email, password });
		const level = await next.auth.mfa.getAuthenticatorAssuranceLevel();
		expect(level.data).toMatchObject({ currentLevel: 'aal1', nextLevel: 'aal2' });
		expect(
			level.data!.currentAuthenticationMethods.map((m) => (typeof m === 'string' ? m : m.method))
		).toEqual(['password']);

		const verify = await next.auth.mfa.challengeAndVerify({ factorId, code: totpCode(secret) });
		expect(verify.error).toBeNull();
		expect(jwtPayload(await accessToken(next)).aal).toBe('aal2');
	});

	it('ends the user’s other aal1 sessions, as GoTrue does', async () => {
		const { email, password, factorId, secret } = await verified();
		const other = clientFrom(newIp());
		await other.auth.signInWithPassword({ email, password });
		const stepping = clientFrom(newIp());
		await stepping.auth.signInWithPassword({ email, password });
		await stepping.auth.mfa.challengeAndVerify({ factorId, code: totpCode(secret) });
		// The session is gone, and its refresh tokens with it.
		const refresh = await other.auth.refreshSession();
		expect(refresh.error).toMatchObject({ code: 'refresh_token_not_found' });
	});

	it('answers GoTrue’s error for each bad code, challenge and factor', async () => {
		const { client, factorId, secret, ip } = await enrolled();
		const challenge = async () => (await client.auth.mfa.challenge({ factorId })).data!.id;
		const verify = async (challengeId: string, code: string) =>
			(await client.auth.mfa.verify({ factorId, challengeId, code })).error;

		expect(await verify(await challenge(), wrongCode(secret))).toMatchObject({
			status: 422,
			code: 'mfa_verification_failed',
			message: 'Invalid TOTP code entered'
		});
		expect(await verify(await challenge(), expiredCode(secret))).toMatchObject({
			status: 422,
			code: 'mfa_verification_failed'
		});
		expect(await verify(randomUUID(), totpCode(secret))).toMatchObject({
			status: 422,
			code: 'mfa_factor_not_found',
			message: 'MFA factor with the provided challenge ID not found'
		});

		const stale = await challenge();
		await stack.db.query(
			`update auth.mfa_challenges set created_at = created_at - interval '6 minutes' where id = $1`,
			[stale]
		);
		expect(await verify(stale, totpCode(secret))).toMatchObject({
			status: 422,
			code: 'mfa_challenge_expired',
			message: `MFA challenge ${stale} has expired, verify against another challenge or create a new challenge.`
		});

		const elsewhere = await challenge();
		const fromOtherIp = clientFrom(`${ip.split('.').slice(0, 3).join('.')}.251`);
		await fromOtherIp.auth.setSession((await client.auth.getSession()).data.session!);
		expect(
			(
				await fromOtherIp.auth.mfa.verify({
					factorId,
					challengeId: elsewhere,
					code: totpCode(secret)
				})
			).error
		).toMatchObject({
			status: 422,
			code: 'mfa_ip_address_mismatch',
			message: 'Challenge and verify IP addresses mismatch.'
		});

		const used = await challenge();
		expect(await verify(used, totpCode(secret))).toBeNull();
		expect(await verify(used, totpCode(secret))).toMatchObject({ code: 'mfa_ip_address_mismatch' });
	});

	it('answers malformed requests with 400 and 404', async () => {
		const { client, factorId } = await enrolled();
		const token = await accessToken(client);
		const post = (path: string, body: unknown) =>
			authFetch(stack, path, {
				method: 'POST',
				body: JSON.stringify(body),
				headers: { authorization: `Bearer ${token}` }
			});
		const noCode = await post(`/factors/${factorId}/verify`, {
			challenge_id: randomUUID(),
			code: ''
		});
		expect(await noCode.json()).toEqual({
			code: 'validation_failed',
			message: 'Code needs to be non-empty'
		});
		const badId = await post(`/factors/${factorId}/verify`, {
			challenge_id: 'abc',
			code: '123456'
		});
		expect(badId.status).toBe(400);
		expect(await badId.json()).toEqual({
			code: 'bad_json',
			message: 'Could not parse request body as JSON: uuid: incorrect UUID length 3 in string "abc"'
		});
		const notUuid = await post('/factors/not-a-uuid/challenge', {});
		expect(notUuid.status).toBe(404);
		expect((await notUuid.json()).code).toBe('validation_failed');

		const someoneElse = await enrolled();
		const foreign = await client.auth.mfa.challenge({ factorId: someoneElse.factorId });
		expect(foreign.error).toMatchObject({
			status: 404,
			code: 'mfa_factor_not_found',
			message: 'Factor not found'
		});
	});

	it('survives 10 wrong codes in a row, then takes the right one', async () => {
		const { client, factorId, secret } = await enrolled();
		for (let attempt = 0; attempt < 10; attempt++) {
			const { error } = await client.auth.mfa.challengeAndVerify({
				factorId,
				code: wrongCode(secret)
			});
			expect(error).toMatchObject({ status: 422, code: 'mfa_verification_failed' });
		}
		const { error } = await client.auth.mfa.challengeAndVerify({
			factorId,
			code: totpCode(secret)
		});
		expect(error).toBeNull();
	});

	it('limits challenges and verifications to GoTrue’s burst of 30 per address', async () => {
		const { client, factorId, secret } = await enrolled();
		const { data } = await client.auth.mfa.challenge({ factorId });
		// The bucket refills one attempt every 4 s, so on a slow machine the 429 may come a few
		// attempts after the 31st: what holds is 30 refusals first, then the limit.
		const refused: (number | undefined)[] = [];
		let limited: unknown;
		while (!limited && refused.length < 120) {
			const { error } = await client.auth.mfa.verify({
				factorId,
				challengeId: data!.id,
				code: wrongCode(secret)
			});
			if (error?.status === 429) limited = error;
			else refused.push(error?.status);
		}
		expect(refused.length).toBeGreaterThanOrEqual(30);
		expect(refused.every((status) => status === 422)).toBe(true);
		expect(limited).toMatchObject({ status: 429, code: 'over_request_rate_limit' });
	});
});

describe('further factors and unenrolling', () => {
	it('wants aal2 to enrol another factor or remove a verified one', async () => {
		const { email, password, factorId } = await verified();
		const aal1 = clientFrom(newIp());
		await aal1.auth.signInWithPassword({ email, password });
		const more = await aal1.auth.mfa.enroll({ factorType: 'totp', friendlyName: 'Backup' });
		expect(more.error).toMatchObject({
			status: 403,
			code: 'insufficient_aal',
			message: 'AAL2 required to enroll a new factor'
		});
		const remove = await aal1.auth.mfa.unenroll({ factorId });
		expect(remove.error).toMatchObject({
			status: 422,
			code: 'insufficient_aal',
			message: 'AAL2 required to unenroll verified factor'
		});
	});

	it('removes a factor at aal2 and drops the sessions that used it to aal1', async () => {
		const { client, factorId } = await verified();
		const { data, error } = await client.auth.mfa.unenroll({ factorId });
		expect(error).toBeNull();
		expect(data).toEqual({ id: factorId });
		const refreshed = await client.auth.refreshSession();
		const claims = jwtPayload(refreshed.data.session!.access_token);
		expect(claims.aal).toBe('aal1');
		expect((claims.amr as { method: string }[]).map((entry) => entry.method)).toEqual(['password']);
		expect((await client.auth.mfa.listFactors()).data?.all).toEqual([]);
	});

	it('lets a user remove an unverified factor at aal1', async () => {
		const { client, factorId } = await enrolled();
		expect((await client.auth.mfa.unenroll({ factorId })).error).toBeNull();
	});
});

describe('the admin factor endpoints', () => {
	const admin = () => stack.client(stack.keys.serviceRole).auth.admin.mfa;

	it('list a user’s factors and delete one, dropping its sessions to aal1', async () => {
		const { client, userId, factorId } = await verified();
		const listed = await admin().listFactors({ userId });
		expect(listed.error).toBeNull();
		expect(listed.data?.factors).toEqual([
			expect.objectContaining({ id: factorId, factor_type: 'totp', status: 'verified' })
		]);
		const deleted = await admin().deleteFactor({ userId, id: factorId });
		expect(deleted.error).toBeNull();
		// supabase-js hands back the whole answer here: the deleted factor.
		expect(JSON.stringify(deleted.data)).toContain(`"id":"${factorId}"`);
		expect((await admin().listFactors({ userId })).data?.factors).toEqual([]);
		const refreshed = await client.auth.refreshSession();
		expect(jwtPayload(refreshed.data.session!.access_token).aal).toBe('aal1');
	});

	it('rename a factor, and answer unknown users and factors and non-admins with GoTrue’s errors', async () => {
		const { client, userId, factorId } = await enrolled();
		const renamed = await authFetch(stack, `/admin/users/${userId}/factors/${factorId}`, {
			method: 'PUT',
			key: stack.keys.serviceRole,
			body: JSON.stringify({ friendly_name: 'Old phone' })
		});
		expect(await renamed.json()).toMatchObject({ id: factorId, friendly_name: 'Old phone' });

		const nobody = await admin().listFactors({ userId: randomUUID() });
		expect(nobody.error).toMatchObject({ status: 404, code: 'user_not_found' });
		const noFactor = await admin().deleteFactor({ userId, id: randomUUID() });
		expect(noFactor.error).toMatchObject({ status: 404, code: 'mfa_factor_not_found' });
		const user = await authFetch(stack, `/admin/users/${userId}/factors`, {
			headers: { authorization: `Bearer ${await accessToken(client)}` }
		});
		expect(user.status).toBe(403);
		expect((await user.json()).code).toBe('not_admin');
	});
});

describe('a project with TOTP off (the CLI default)', () => {
	let off: TestStack;
	beforeAll(async () => {
		off = await startTestStack({ workdir: join(import.meta.dirname, 'fixtures', 'auth-confirm') });
	});
	afterAll(() => off?.stop());

	it('refuses to enrol with 422 mfa_totp_enroll_not_enabled', async () => {
		const email = uniqueEmail('no-mfa');
		await off.client(off.keys.serviceRole).auth.admin.createUser({
			email,
			password: 'correct-horse-1',
			email_confirm: true
		});
		const client = off.client();
		await client.auth.signInWithPassword({ email, password: 'correct-horse-1' });
		const { error } = await client.auth.mfa.enroll({ factorType: 'totp' });
		expect(error).toMatchObject({
			status: 422,
			code: 'mfa_totp_enroll_not_enabled',
			message: 'MFA enroll is disabled for TOTP'
		});
	});
});
