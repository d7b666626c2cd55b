import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import { describe, expect, it } from 'vitest';
import { createJwtCodec, JwtError } from './jwt';
import { cliDefaultSigningKey, parseSigningKeys, SigningKeysError } from './signing-keys';

const secret = 'a-test-secret-with-at-least-32-characters';

/** A private JWK shaped as `supabase gen signing-key` writes it. */
async function cliKey(alg: 'ES256' | 'RS256', keyOps = ['sign', 'verify']): Promise<JWK> {
	const { privateKey } = await generateKeyPair(alg, { extractable: true });
	return {
		...(await exportJWK(privateKey)),
		kid: randomUUID(),
		use: 'sig',
		key_ops: keyOps,
		alg,
		ext: true
	};
}

const exp = () => Math.floor(Date.now() / 1000) + 60;

describe('signing key files', () => {
	it('sign with the one key whose key_ops include sign, and publish every public key', async () => {
		const current = await cliKey('ES256');
		const previous = await cliKey('RS256', ['verify']);
		const set = await parseSigningKeys([current, previous], 'keys.json');
		const codec = createJwtCodec(secret, set);

		const token = await codec.signAccessToken({ sub: 'u1', role: 'authenticated', exp: exp() });
		const header = JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
		expect(header).toEqual({ alg: 'ES256', kid: current.kid, typ: 'JWT' });
		await expect(codec.verify(token)).resolves.toMatchObject({ sub: 'u1' });

		expect(codec.jwks.keys).toEqual([
			{
				alg: 'ES256',
				crv: 'P-256',
				ext: true,
				key_ops: ['verify'],
				kid: current.kid,
				kty: 'EC',
				use: 'sig',
				x: current.x,
				y: current.y
			},
			{
				alg: 'RS256',
				e: previous.e,
				ext: true,
				key_ops: ['verify'],
				kid: previous.kid,
				kty: 'RSA',
				n: previous.n,
				use: 'sig'
			}
		]);
		expect(JSON.stringify(codec.jwks)).not.toMatch(/"(d|p|q|dp|dq|qi)":/);
	});

	it('verify tokens of a verify-only key and of the secret, and not of a removed key', async () => {
		const current = await cliKey('ES256');
		const previous = await cliKey('RS256', ['verify']);
		const removed = await cliKey('ES256');
		const codec = createJwtCodec(secret, await parseSigningKeys([current, previous], 'keys.json'));
		const signWith = async (jwk: JWK) =>
			createJwtCodec(secret, await parseSigningKeys([jwk], 'other.json')).signAccessToken({
				exp: exp()
			});

		await expect(
			codec.verify(await signWith({ ...previous, key_ops: ['sign'] }))
		).resolves.toBeDefined();
		await expect(
			codec.verify(await codec.sign({ role: 'anon', exp: exp() }))
		).resolves.toBeDefined();
		const failure = await codec.verify(await signWith(removed)).catch((error) => error);
		expect(failure).toBeInstanceOf(JwtError);
		expect(failure).toMatchObject({
			reason: 'unknown_key',
			header: { alg: 'ES256', kid: removed.kid }
		});
	});

	it('refuses a token whose signature does not match the key its kid names', async () => {
		const current = await cliKey('ES256');
		const codec = createJwtCodec(secret, await parseSigningKeys([current], 'keys.json'));
		const { privateKey } = await generateKeyPair('ES256');
		const forged = await new SignJWT({ exp: exp() })
			.setProtectedHeader({ alg: 'ES256', kid: current.kid as string, typ: 'JWT' })
			.sign(privateKey);
		await expect(codec.verify(forged)).rejects.toMatchObject({ reason: 'invalid' });
	});

	it('sign with the JWT secret when the file is an empty array, as GoTrue does', async () => {
		const codec = createJwtCodec(secret, await parseSigningKeys([], 'keys.json'));
		const token = await codec.signAccessToken({ exp: exp() });
		expect(JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString())).toEqual({
			alg: 'HS256',
			typ: 'JWT'
		});
		expect(codec.jwks).toEqual({ keys: [] });
	});

	it('accept the CLI default key', async () => {
		const set = await parseSigningKeys([cliDefaultSigningKey], 'default');
		expect(set.current?.kid).toBe('b81269f1-21d8-4f2e-b719-c2240a840d90');
	});

	it.each([
		['not an array', { keys: [] }, /keys\.json: expected a JSON array of JWKs/],
		[
			'an unknown key type',
			[{ kty: 'OKP', kid: 'k1', alg: 'EdDSA' }],
			/key "k1": kty: must be "EC"/
		],
		['a curve ES256 does not use', 'P-384', /key "ec": crv: ES256 keys use the P-256 curve/],
		['a key without a kid', 'no-kid', /key 1: kid: /],
		['a public key only', 'public', /key "ec": d: /],
		['two signing keys', 'two', /multiple signing keys detected, only 1 signing key is supported/],
		['no signing key', 'none', /no signing key detected/],
		['a repeated kid', 'repeated', /two keys share the kid "ec"/],
		['key material that is not a key', 'garbage', /key "ec" is not a usable ES256 key/]
	])('refuse %s, naming the file', async (_, shape, message) => {
		const ec = { ...(await cliKey('ES256')), kid: 'ec' };
		const { d: _d, ...publicOnly } = ec;
		const raw =
			typeof shape !== 'string'
				? shape
				: {
						'P-384': [{ ...ec, crv: 'P-384' }],
						'no-kid': [{ ...ec, kid: undefined }],
						public: [publicOnly],
						two: [ec, { ...(await cliKey('ES256')) }],
						none: [{ ...ec, key_ops: ['verify'] }],
						repeated: [ec, { ...ec, key_ops: ['verify'] }],
						garbage: [{ ...ec, x: 'AAAA' }]
					}[shape];
		const failure = await parseSigningKeys(raw, 'keys.json').catch((error) => error);
		expect(failure).toBeInstanceOf(SigningKeysError);
		expect(failure.message).toMatch(/^keys\.json: /);
		expect(failure.message).toMatch(message);
	});
});
