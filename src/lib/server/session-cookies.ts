// @supabase/ssr stores the session as `base64-` + base64url(JSON), split into `<name>.0`, `<name>.1`…
// cookies when long, and decodes it character by character (a string per character) at every auth
// read: getClaims and each REST call of a request read the session again (~9% of a ticket page's
// render allocation). This view of the request's cookies gives it each session value already
// decoded, decoding a value once per request. Values it is not sure to decode exactly as the
// library does (odd characters, bad UTF-8, not JSON) are left encoded, so the library still judges
// them itself — and warns, and treats them as absent, as before. Cookie names are all kept: the
// library reads them to clear stale chunks when it writes the session.

type Cookie = { name: string; value: string };

const PREFIX = 'base64-';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const CHUNK = /^(.*)\.(0|[1-9][0-9]*)$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The JSON a `base64-` value carries, or null when it is better left to @supabase/ssr. */
function decodeValue(value: string): string | null {
	const body = value.slice(PREFIX.length);
	// A length of 4n+1 leaves stray bits that decoders drop differently.
	if (!BASE64URL.test(body) || body.length % 4 === 1) return null;
	try {
		const json = utf8.decode(Buffer.from(body, 'base64url'));
		JSON.parse(json);
		return json;
	} catch {
		return null;
	}
}

/** A function giving the request's cookies with session values decoded, remembering each decoding. */
export function sessionCookieDecoder(): (cookies: Cookie[]) => Cookie[] {
	const decoded = new Map<string, string | null>();
	const decode = (value: string) => {
		if (!decoded.has(value)) decoded.set(value, decodeValue(value));
		return decoded.get(value) ?? null;
	};

	return (cookies) => {
		// The library reads the first cookie of a name.
		const byName = new Map<string, string>();
		for (const { name, value } of cookies) if (!byName.has(name)) byName.set(name, value);

		const replaced = new Map<string, string>();
		for (const [name, value] of byName) {
			const chunk = CHUNK.exec(name);
			if (!chunk) {
				if (!value.startsWith(PREFIX)) continue;
				const json = decode(value);
				if (json !== null) replaced.set(name, json);
				continue;
			}
			// A session in chunks: read, as the library does, only without a whole cookie of its name
			// and from chunk 0 up to the first missing or empty one.
			const [, base, index] = chunk;
			if (index !== '0' || byName.get(base) || !value.startsWith(PREFIX)) continue;
			const names = [];
			for (let i = 0; byName.get(`${base}.${i}`); i += 1) names.push(`${base}.${i}`);
			const json = decode(names.map((chunkName) => byName.get(chunkName)).join(''));
			if (json === null) continue;
			// The decoded whole in chunk 0; the later chunks emptied, which ends the library's reading.
			for (const chunkName of names) replaced.set(chunkName, chunkName === name ? json : '');
		}

		if (replaced.size === 0) return cookies;
		return cookies.map(({ name, value }) => ({ name, value: replaced.get(name) ?? value }));
	};
}
