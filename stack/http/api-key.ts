// The gateway's key check, as Kong does it in front of Supabase: a route that needs an API key gets
// 401 without a known one; opaque `sb_` keys become the JWTs they stand for, and a request with no
// Authorization header is authorized as its API key.
import type { IncomingMessage } from 'node:http';
import { translateKey, type StackKeys } from '../keys';

export type KeyPolicy = 'required' | 'optional';

export type KeyCheck = { ok: true } | { ok: false; status: 401; message: string };

const bearer = (value: string | undefined) => /^bearer\s+(.+)$/i.exec(value ?? '')?.[1]?.trim();

/**
 * Validates and normalizes the request's `apikey` (header or query) and `Authorization` in place, so
 * services see JWTs only.
 */
export function checkApiKey(
	req: IncomingMessage,
	url: URL,
	keys: StackKeys,
	policy: KeyPolicy
): KeyCheck {
	const given =
		(req.headers.apikey as string | undefined) ?? url.searchParams.get('apikey') ?? undefined;
	const known = [keys.anon, keys.serviceRole, keys.publishable, keys.secret];

	if (given === undefined) {
		if (policy === 'required')
			return { ok: false, status: 401, message: 'No API key found in request' };
	} else {
		if (!known.includes(given)) {
			return { ok: false, status: 401, message: 'Invalid authentication credentials' };
		}
		const jwt = translateKey(keys, given) as string;
		req.headers.apikey = jwt;
		if (url.searchParams.has('apikey')) url.searchParams.set('apikey', jwt);
	}

	const token = bearer(req.headers.authorization);
	if (token?.startsWith('sb_')) {
		const jwt = translateKey(keys, token);
		if (jwt === undefined)
			return { ok: false, status: 401, message: 'Invalid authentication credentials' };
		req.headers.authorization = `Bearer ${jwt}`;
	} else if (token === undefined && req.headers.apikey) {
		req.headers.authorization = `Bearer ${req.headers.apikey}`;
	}
	return { ok: true };
}
