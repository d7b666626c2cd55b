// JWT signing keys as the Supabase CLI hands them to GoTrue: a JSON array of private JWKs (ES256 on
// P-256 or RS256), the file `[auth] signing_keys_path` names, as `supabase gen signing-key` writes
// it. As in GoTrue, the one key whose `key_ops` include "sign" signs new tokens; every key in the
// file verifies; a key removed from the file verifies nothing any more. Without a file the CLI's own
// well-known local key signs; an empty array leaves signing to the JWT secret (HS256).
import { readFile } from 'node:fs/promises';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { z } from 'zod';

export type AsymmetricAlgorithm = 'ES256' | 'RS256';

/** A public key as GET /auth/v1/.well-known/jwks.json lists it. */
export type PublicJwk = JWK & { kid: string; alg: AsymmetricAlgorithm };

export interface SigningKey {
	kid: string;
	alg: AsymmetricAlgorithm;
	/** True for the one key that signs new tokens. */
	signs: boolean;
	privateKey: CryptoKey;
	publicKey: CryptoKey;
	publicJwk: PublicJwk;
}

export interface SigningKeySet {
	/** The key new access tokens are signed with; undefined when the JWT secret signs them. */
	current: SigningKey | undefined;
	byKid: ReadonlyMap<string, SigningKey>;
}

export class SigningKeysError extends Error {
	name = 'SigningKeysError';
}

/**
 * The key `supabase start` signs access tokens with when a project names no signing keys file
 * (the CLI's `config.go`); like the default JWT secret it is public and fit for local use only.
 */
export const cliDefaultSigningKey = {
	kty: 'EC',
	kid: 'b81269f1-21d8-4f2e-b719-c2240a840d90',
	use: 'sig',
	key_ops: ['sign', 'verify'],
	alg: 'ES256',
	ext: true,
	crv: 'P-256',
	x: 'M5Sjqn5zwC9Kl1zVfUUGvv9boQjCGd45G8sdopBExB4',
	y: 'P6IXMvA2WYXSHSOMTBH2jsw_9rrzGy89FjPf6oOsIxQ',
	d: 'dIhR8wywJlqlua4y_yMq2SLhlFXDZJBCvFrY1DCHyVU'
} as const;

const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');

const common = {
	kid: z.string().min(1, 'needs a kid'),
	use: z.literal('sig').optional(),
	key_ops: z.array(z.enum(['sign', 'verify'])).optional(),
	ext: z.boolean().optional()
};

const ecKey = z.object({
	...common,
	kty: z.literal('EC'),
	alg: z.literal('ES256'),
	crv: z.literal('P-256', 'ES256 keys use the P-256 curve'),
	x: base64url,
	y: base64url,
	d: base64url
});

const rsaKey = z.object({
	...common,
	kty: z.literal('RSA'),
	alg: z.literal('RS256'),
	n: base64url,
	e: base64url,
	d: base64url,
	p: base64url,
	q: base64url,
	dp: base64url,
	dq: base64url,
	qi: base64url
});

const privateJwk = z.discriminatedUnion('kty', [ecKey, rsaKey], {
	error: (issue) =>
		issue.code === 'invalid_union' ? 'must be "EC" (ES256) or "RSA" (RS256)' : undefined
});

type PrivateJwk = z.infer<typeof privateJwk>;

const publicMembers: Record<AsymmetricAlgorithm, string[]> = {
	ES256: ['crv', 'x', 'y'],
	RS256: ['e', 'n']
};

/** The public half as GoTrue publishes it: `use` "sig", `key_ops` ["verify"], members sorted. */
function publicJwkOf(key: PrivateJwk): PublicJwk {
	const entries: [string, unknown][] = [
		['alg', key.alg],
		['key_ops', ['verify']],
		['kid', key.kid],
		['kty', key.kty],
		['use', 'sig'],
		...(key.ext === undefined ? [] : [['ext', key.ext] as [string, unknown]]),
		...publicMembers[key.alg].map(
			(name) => [name, key[name as keyof PrivateJwk]] as [string, unknown]
		)
	];
	entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return Object.fromEntries(entries) as PublicJwk;
}

async function importKey(key: PrivateJwk, where: string): Promise<SigningKey> {
	const publicJwk = publicJwkOf(key);
	try {
		const { key_ops: _ops, use: _use, ext: _ext, ...material } = key;
		const privateKey = (await importJWK(material, key.alg)) as CryptoKey;
		const publicKey = (await importJWK(
			Object.fromEntries(
				Object.entries(publicJwk).filter(([name]) => name !== 'key_ops' && name !== 'ext')
			),
			key.alg
		)) as CryptoKey;
		return {
			kid: key.kid,
			alg: key.alg,
			signs: key.key_ops?.includes('sign') ?? false,
			privateKey,
			publicKey,
			publicJwk
		};
	} catch (error) {
		throw new SigningKeysError(
			`${where}: key "${key.kid}" is not a usable ${key.alg} key: ${(error as Error).message}`
		);
	}
}

/** Checks a parsed key file the way GoTrue checks GOTRUE_JWT_KEYS, naming `where` in errors. */
export async function parseSigningKeys(raw: unknown, where: string): Promise<SigningKeySet> {
	if (!Array.isArray(raw)) {
		throw new SigningKeysError(
			`${where}: expected a JSON array of JWKs, as \`supabase gen signing-key\` writes it`
		);
	}
	const keys: SigningKey[] = [];
	for (const [index, entry] of raw.entries()) {
		const parsed = privateJwk.safeParse(entry);
		if (!parsed.success) {
			const issue = parsed.error.issues[0];
			const kid = (entry as { kid?: unknown })?.kid;
			const name = typeof kid === 'string' && kid ? `key "${kid}"` : `key ${index + 1}`;
			const field = issue.path.length ? `${issue.path.join('.')}: ` : '';
			throw new SigningKeysError(`${where}: ${name}: ${field}${issue.message}`);
		}
		if (keys.some((key) => key.kid === parsed.data.kid)) {
			throw new SigningKeysError(`${where}: two keys share the kid "${parsed.data.kid}"`);
		}
		keys.push(await importKey(parsed.data, where));
	}
	const signing = keys.filter((key) => key.signs);
	if (keys.length > 0 && signing.length === 0) {
		throw new SigningKeysError(`${where}: no signing key detected (no key has "sign" in key_ops)`);
	}
	if (signing.length > 1) {
		throw new SigningKeysError(
			`${where}: multiple signing keys detected, only 1 signing key is supported; ` +
				'set "key_ops": ["verify"] on the keys that only verify'
		);
	}
	return { current: signing[0], byKid: new Map(keys.map((key) => [key.kid, key])) };
}

/** Reads the project's signing keys, or the CLI's default key when it names no file. */
export async function loadSigningKeys(path: string | undefined): Promise<SigningKeySet> {
	if (path === undefined) return parseSigningKeys([cliDefaultSigningKey], 'the CLI default key');
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new SigningKeysError(`failed to read signing keys: ${(error as Error).message}`);
	}
	let raw: unknown;
	try {
		raw = JSON.parse(text);
	} catch (error) {
		throw new SigningKeysError(
			`failed to decode signing keys ${path}: ${(error as Error).message}`
		);
	}
	return parseSigningKeys(raw, path);
}

/** The public keys a JWKS endpoint lists, in the file's order. */
export const publicKeys = (set: SigningKeySet): PublicJwk[] =>
	[...set.byKid.values()].map((key) => key.publicJwk);
