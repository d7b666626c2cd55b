// Brute-force protection through GoTrue's password verification attempt hook: five failed password
// checks for one account within 15 minutes lock it for 15 minutes, for supabase-js and direct calls
// to /auth/v1/token alike; admins list and clear lockouts, nobody else reads them.
import type { SupabaseClient } from '@supabase/supabase-js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../support/stack';
import { projectRoot } from './support/demo';
import { everyone, type Who } from './support/sessions';

const password = 'right-password-1';
// The minutes left are counted when the attempt is checked: 15 at the failure that locks.
const lockedMessage = (minutes = '\\d+') =>
	new RegExp(
		`^Too many failed sign-in attempts\\. This account is locked for ${minutes} more minutes?; try again then, or ask an admin to unlock it\\.$`
	);

let stack: TestStack;
let as: Record<Who, SupabaseClient>;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	as = await everyone(stack);
});
afterAll(() => stack?.stop());

async function account(label: string) {
	const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
	const { data, error } = await stack.client(stack.keys.serviceRole).auth.admin.createUser({
		email,
		password,
		email_confirm: true,
		user_metadata: { full_name: `Person ${label}` }
	});
	if (error) throw error;
	return { email, id: data.user!.id };
}

const signIn = (email: string, secret = password) =>
	stack.client().auth.signInWithPassword({ email, password: secret });

/** Sends `count` wrong passwords and returns the last answer. */
async function fail(email: string, count: number) {
	let last: Awaited<ReturnType<typeof signIn>> | undefined;
	for (let i = 0; i < count; i += 1) last = await signIn(email, `wrong-${i}`);
	return last!;
}

/** Moves an account's failures `minutes` into the past, as if that time had passed. */
const age = (id: string, minutes: number) =>
	stack.db.query(
		`update public.sign_in_lockouts
		 set window_started_at = window_started_at - make_interval(mins => $2)
		 where user_id = $1`,
		[id, minutes]
	);

/** Leaves an account's lock `seconds` to run (negative: it ran out that long ago). */
const lockLeft = (id: string, seconds: number) =>
	stack.db.query(
		`update public.sign_in_lockouts
		 set locked_until = now() + make_interval(secs => $2),
		     window_started_at = now() - interval '15 minutes' + make_interval(secs => $2)
		 where user_id = $1`,
		[id, seconds]
	);

describe('locking an account after failed passwords', () => {
	it('answers the usual error to the first four failures and locks at the fifth', async () => {
		const { email } = await account('five');
		const fourth = await fail(email, 4);
		expect(fourth.error).toMatchObject({
			code: 'invalid_credentials',
			message: 'Invalid login credentials'
		});
		const fifth = await fail(email, 1);
		expect(fifth.error).toMatchObject({ status: 400, code: 'invalid_credentials' });
		expect(fifth.error!.message).toMatch(lockedMessage('15'));
	});

	it('refuses the right password while the lock lasts', async () => {
		const { email } = await account('locked');
		await fail(email, 5);
		const { data, error } = await signIn(email);
		expect(data.session).toBeNull();
		expect(error!.message).toMatch(lockedMessage());
	});

	it('holds for a client calling /auth/v1/token directly, not only for supabase-js', async () => {
		const { email } = await account('direct');
		const token = (secret: string) =>
			fetch(`${stack.url}/auth/v1/token?grant_type=password`, {
				method: 'POST',
				headers: { apikey: stack.keys.anon, 'content-type': 'application/json' },
				body: JSON.stringify({ email, password: secret })
			});
		for (let i = 0; i < 5; i += 1) await token(`wrong-${i}`);
		const response = await token(password);
		expect(response.status).toBe(400);
		expect((await response.json()).msg).toMatch(lockedMessage());
	});

	it('ends the lock when its 15 minutes have passed', async () => {
		const { email, id } = await account('expires');
		await fail(email, 5);
		await lockLeft(id, 30);
		expect((await signIn(email)).error!.message).toMatch(lockedMessage('1'));
		await lockLeft(id, -1);
		const { data, error } = await signIn(email);
		expect(error).toBeNull();
		expect(data.session).not.toBeNull();
	});

	it('does not count failures older than 15 minutes', async () => {
		const { email, id } = await account('slow');
		await fail(email, 4);
		await age(id, 15);
		expect((await fail(email, 4)).error!.message).toBe('Invalid login credentials');
		expect((await signIn(email)).error).toBeNull();
	});

	it('starts counting again after a successful sign-in', async () => {
		const { email } = await account('reset');
		await fail(email, 4);
		expect((await signIn(email)).error).toBeNull();
		expect((await fail(email, 4)).error!.message).toBe('Invalid login credentials');
		expect((await signIn(email)).error).toBeNull();
	});

	it('locks only the account that was guessed at', async () => {
		const target = await account('target');
		const bystander = await account('bystander');
		await fail(target.email, 5);
		expect((await signIn(bystander.email)).error).toBeNull();
	});
});

describe('what admins see and do', () => {
	it('lists the locked accounts with who they are and until when', async () => {
		const { email, id } = await account('listed');
		await fail(email, 5);
		const { data, error } = await as.admin.rpc('admin_sign_in_lockouts');
		expect(error).toBeNull();
		const row = (data as { user_id: string; locked_until: string }[]).find(
			(lockout) => lockout.user_id === id
		);
		expect(row).toMatchObject({ email, full_name: 'Person listed', failures: 5 });
		expect(Date.parse(row!.locked_until)).toBeGreaterThan(Date.now());
	});

	it('unlocks an account, which can then sign in at once', async () => {
		const { email, id } = await account('cleared');
		await fail(email, 5);
		const { data, error } = await as.admin.rpc('admin_clear_sign_in_lockout', { target: id });
		expect(error).toBeNull();
		expect(data).toBe(true);
		expect((await signIn(email)).error).toBeNull();
		const listed = await as.admin.rpc('admin_sign_in_lockouts');
		expect((listed.data as { user_id: string }[]).map((lockout) => lockout.user_id)).not.toContain(
			id
		);
		const again = await as.admin.rpc('admin_clear_sign_in_lockout', { target: id });
		expect(again.data).toBe(false);
	});

	it('refuses both calls to clients and agents, checked in the database', async () => {
		const { email, id } = await account('guarded');
		await fail(email, 5);
		for (const who of ['client', 'agent'] as const) {
			const list = await as[who].rpc('admin_sign_in_lockouts');
			expect(list.error, who).toMatchObject({ code: '42501' });
			const clear = await as[who].rpc('admin_clear_sign_in_lockout', { target: id });
			expect(clear.error, who).toMatchObject({ code: '42501' });
		}
		const anonymous = await as.anon.rpc('admin_clear_sign_in_lockout', { target: id });
		expect(anonymous.error).not.toBeNull();
		expect((await signIn(email)).error!.message).toMatch(lockedMessage());
	});

	it('shows the table itself to admins only, and lets nobody write to it', async () => {
		const { email, id } = await account('hidden');
		await fail(email, 2);
		const anonymous = await as.anon.from('sign_in_lockouts').select('*');
		expect(anonymous.error).toMatchObject({ code: '42501' });
		for (const who of ['client', 'agent'] as const) {
			const read = await as[who].from('sign_in_lockouts').select('*');
			expect(read.data, who).toEqual([]);
			await as[who].from('sign_in_lockouts').delete().eq('user_id', id);
		}
		const seen = await as.admin
			.from('sign_in_lockouts')
			.select('user_id, failures')
			.eq('user_id', id);
		expect(seen.data).toEqual([{ user_id: id, failures: 2 }]);
		for (const who of ['client', 'agent', 'admin'] as const) {
			const raise = await as[who]
				.from('sign_in_lockouts')
				.update({ failures: 0, locked_until: null })
				.eq('user_id', id);
			expect(raise.error, who).toMatchObject({ code: '42501' });
			const forge = await as[who]
				.from('sign_in_lockouts')
				.insert({ user_id: id, failures: 1, window_started_at: new Date().toISOString() });
			expect(forge.error, who).toMatchObject({ code: '42501' });
		}
		const { rows } = await stack.db.query<{ failures: number }>(
			'select failures from public.sign_in_lockouts where user_id = $1',
			[id]
		);
		expect(rows).toEqual([{ failures: 2 }]);
	});
});
