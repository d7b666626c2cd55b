// The REST authenticator's token cache: a token is verified once and then served from the cache
// until its `exp` (plus PostgREST's 30 s of skew) has passed, and the cache stays bounded, dropping
// the least recently used token first.
import type { IncomingMessage } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJwtCodec, type JwtCodec } from '../keys';
import { createAuthenticator, type AuthResult } from './auth';
import { RestError } from './errors';

const secret = 'a-test-secret-with-at-least-32-characters';

function countingCodec() {
	const codec = createJwtCodec(secret);
	const verified: string[] = [];
	const counting: JwtCodec = {
		...codec,
		jwks: codec.jwks,
		verify: (token, options) => {
			verified.push(token);
			return codec.verify(token, options);
		}
	};
	return { codec, counting, verified };
}

const requestWith = (token: string) =>
	({ headers: { authorization: `Bearer ${token}` } }) as IncomingMessage;

const nowSeconds = () => Math.floor(Date.now() / 1000);

afterEach(() => {
	vi.useRealTimers();
});

describe('the verified token cache', () => {
	it('verifies a token once, then answers the same claims from the cache', async () => {
		const { codec, counting, verified } = countingCodec();
		const auth = createAuthenticator(counting);
		const token = await codec.sign({ sub: 'u1', role: 'authenticated', exp: nowSeconds() + 60 });
		const first = (await auth.authenticate(requestWith(token))) as AuthResult;
		const second = (await auth.authenticate(requestWith(token))) as AuthResult;
		expect(first.role).toBe('authenticated');
		expect(first.claims).toMatchObject({ sub: 'u1', role: 'authenticated' });
		expect(second).toBe(first);
		expect(verified).toEqual([token]);
	});

	it('stops answering from the cache once exp and the clock skew have passed', async () => {
		vi.useFakeTimers({ toFake: ['Date'] });
		const { codec, counting, verified } = countingCodec();
		const auth = createAuthenticator(counting);
		const token = await codec.sign({ sub: 'u1', role: 'authenticated', exp: nowSeconds() + 60 });
		expect(await auth.authenticate(requestWith(token))).not.toBeInstanceOf(RestError);

		vi.setSystemTime(Date.now() + 80_000);
		expect(await auth.authenticate(requestWith(token))).not.toBeInstanceOf(RestError);
		expect(verified).toHaveLength(1);

		vi.setSystemTime(Date.now() + 20_000);
		const expired = await auth.authenticate(requestWith(token));
		expect(expired).toBeInstanceOf(RestError);
		expect((expired as RestError).body).toMatchObject({ code: 'PGRST303', message: 'JWT expired' });
		expect(verified).toHaveLength(2);
	});

	it('keeps at most 1,000 tokens, dropping the least recently used', async () => {
		const { codec, counting, verified } = countingCodec();
		const auth = createAuthenticator(counting);
		const exp = nowSeconds() + 600;
		const tokens = await Promise.all(
			Array.from({ length: 1001 }, (_, i) => codec.sign({ sub: `u${i}`, exp }))
		);
		for (const token of tokens.slice(0, 1000)) await auth.authenticate(requestWith(token));
		// The first token is used again, so the second is now the least recently used.
		await auth.authenticate(requestWith(tokens[0]));
		await auth.authenticate(requestWith(tokens[1000]));
		verified.length = 0;

		await auth.authenticate(requestWith(tokens[0]));
		expect(verified).toEqual([]);
		await auth.authenticate(requestWith(tokens[1]));
		expect(verified).toEqual([tokens[1]]);
	});
});
