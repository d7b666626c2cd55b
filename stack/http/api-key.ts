// The gateway's key check. `supabase start`'s Kong passes a request without an `apikey` through to
// the service (which then sees no Authorization); hosted Supabase refuses it, as `[api]
// require_api_key = true` makes this gateway do. A key it did not issue is refused either way. Opaque
// `sb_` keys become the JWTs they stand for, and a request with no Authorization header is
// authorized as its API key, as Kong's request transformer does.
import type { IncomingMessage } from 'node:http';
import { translateKey, type StackKeys } from '../keys';

/** `required`: the route wants a key when the gateway requires keys at all. */
export type KeyPolicy = 'required' | 'optional';

export interface KeyRefusal {
	message: string;
	hint: string;
}

export type KeyCheck = { ok: true } | { ok: false; status: 401; body: KeyRefusal };

const bearer = (value: string | undefined) => /^bearer\s+(.+)$/i.exec(value ?? '')?.[1]?.trim();

// Hosted Supabase's answers.
const noKey: KeyRefusal = {
	message: 'No API key found in request',
	hint: 'No `apikey` request header or url param was found.'
};
const badKey: KeyRefusal = {
	message: 'Invalid API key',
	hint: 'Double check your Supabase `anon` or `service_role` API key.'
};

export function checkApiKey(
	req: IncomingMessage,
	url: URL,
	keys: StackKeys,
	policy: KeyPolicy,
	requireApiKey: boolean
): KeyCheck {
	const given =
		(req.headers.apikey as string | undefined) ?? url.searchParams.get('apikey') ?? undefined;

	if (given === undefined) {
		if (policy === 'required' && requireApiKey) return { ok: false, status: 401, body: noKey };
	} else {
		const known =
			given === keys.anon ||
			given === keys.serviceRole ||
			given === keys.publishable ||
			given === keys.secret;
		if (!known) return { ok: false, status: 401, body: badKey };
		const jwt = translateKey(keys, given) as string;
		req.headers.apikey = jwt;
		if (url.searchParams.has('apikey')) url.searchParams.set('apikey', jwt);
	}

	const token = bearer(req.headers.authorization);
	if (token?.startsWith('sb_')) {
		const jwt = translateKey(keys, token);
		if (jwt === undefined) return { ok: false, status: 401, body: badKey };
		req.headers.authorization = `Bearer ${jwt}`;
	} else if (token === undefined && req.headers.apikey) {
		req.headers.authorization = `Bearer ${req.headers.apikey}`;
	}
	return { ok: true };
}
