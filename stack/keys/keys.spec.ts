import { describe, expect, it } from 'vitest';
import { createJwtCodec, JwtError } from './jwt';
import { createKeys, translateKey } from './keys';

// The keys `supabase start` prints for its default secret; code written against it must work here.
const cliAnonKey =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6ImFub24iLCJleHAiOjE5ODM4MTI5OTZ9.CRXP1A7WOeoJeXxjNni43kdQwgnWNReilDMblYTn_I0';
const cliServiceRoleKey =
	'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZS1kZW1vIiwicm9sZSI6InNlcnZpY2Vfcm9sZSIsImV4cCI6MTk4MzgxMjk5Nn0.EGIM96RAZx35lJzdJsyH-qQwv8Hdp7fsn3W0YpN81IU';

describe('stack keys', () => {
	it('are the Supabase CLI defaults', async () => {
		const keys = await createKeys();
		expect(keys.anon).toBe(cliAnonKey);
		expect(keys.serviceRole).toBe(cliServiceRoleKey);
	});

	it('translate opaque keys to the JWTs they stand for', async () => {
		const keys = await createKeys();
		expect(translateKey(keys, keys.publishable)).toBe(keys.anon);
		expect(translateKey(keys, keys.secret)).toBe(keys.serviceRole);
		expect(translateKey(keys, 'sb_publishable_unknown')).toBeUndefined();
		expect(translateKey(keys, cliAnonKey)).toBe(cliAnonKey);
	});
});

describe('jwt codec', () => {
	const codec = createJwtCodec('a-test-secret-with-at-least-32-characters');

	it('round-trips claims', async () => {
		const exp = Math.floor(Date.now() / 1000) + 60;
		const token = await codec.sign({ sub: 'u1', role: 'authenticated', exp });
		await expect(codec.verify(token)).resolves.toMatchObject({ sub: 'u1', exp });
	});

	it('tells an expired token from a forged one', async () => {
		const expired = await codec.sign({ exp: Math.floor(Date.now() / 1000) - 5 });
		await expect(codec.verify(expired)).rejects.toMatchObject({ reason: 'expired' });
		await expect(codec.verify(expired, { clockToleranceSeconds: 30 })).resolves.toBeDefined();

		const forged = await createJwtCodec('another-secret-with-at-least-32-characters').sign({});
		await expect(codec.verify(forged)).rejects.toBeInstanceOf(JwtError);
		await expect(codec.verify('not.a.jwt')).rejects.toMatchObject({ reason: 'invalid' });
	});
});
