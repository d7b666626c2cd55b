// A seeded random source and the values the fuzzer builds requests from: the same seed gives the
// same requests, so a failure can be replayed (FUZZ_SEED).

export class Random {
	#state: number;

	constructor(seed: number) {
		this.#state = seed >>> 0;
	}

	/** mulberry32: small, fast, and good enough to spread requests over their grammar. */
	next(): number {
		this.#state = (this.#state + 0x6d2b79f5) >>> 0;
		let t = this.#state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(p: number): boolean {
		return this.next() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[Math.floor(this.next() * items.length)];
	}

	some<T>(items: readonly T[], max = items.length): T[] {
		return Array.from({ length: this.int(0, max) }, () => this.pick(items));
	}
}

// No SQL keywords, no paths of this machine: what comes back is checked for exactly those (leaks.ts).
const awkward = [
	'',
	' ',
	"'",
	'"',
	'\\',
	'\\u0000',
	'\u0000',
	'\u0001',
	'\u007f',
	'\t\n\r',
	'%',
	'%00',
	'%2e%2e%2f',
	'../..',
	'../../etc/passwd',
	'*',
	'()',
	'(',
	')',
	',',
	'.',
	';',
	'--',
	'/*',
	'$1',
	'{}',
	'[]',
	'{"a":',
	'null',
	'true',
	'NaN',
	'-1',
	'0',
	'1e309',
	'99999999999999999999999',
	'-9223372036854775809',
	'0x1f',
	'2024-02-30',
	'24:61:00',
	'00000000-0000-0000-0000-000000000000',
	'not-a-uuid',
	'ÿ',
	'\ud800',
	'👩‍💻',
	'مرحبا',
	'e\u0301',
	'<script>x</script>',
	"' or 1=1 --",
	'a'.repeat(300),
	'🙂'.repeat(100)
];

/** A string a careful client would never send. */
export function awkwardString(r: Random): string {
	if (r.chance(0.15)) return r.pick(awkward) + r.pick(awkward);
	if (r.chance(0.05)) return 'x'.repeat(r.int(1_000, 20_000));
	if (r.chance(0.3)) {
		return Array.from({ length: r.int(0, 12) }, () => String.fromCharCode(r.int(0, 0xffff))).join(
			''
		);
	}
	return r.pick(awkward);
}

/** Any JSON value, nested a little. */
export function jsonValue(r: Random, depth = 0): unknown {
	switch (r.int(0, depth > 2 ? 5 : 7)) {
		case 0:
			return null;
		case 1:
			return r.chance(0.5);
		case 2:
			return r.pick([0, -1, 1, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1.5, 1e308, -0]);
		case 3:
		case 4:
		case 5:
			return awkwardString(r);
		case 6:
			return Array.from({ length: r.int(0, 4) }, () => jsonValue(r, depth + 1));
		default:
			return Object.fromEntries(
				Array.from({ length: r.int(0, 4) }, () => [awkwardString(r), jsonValue(r, depth + 1)])
			);
	}
}

/** A JSON object with some of `keys` (and maybe others), each with any value or a plausible one. */
export function jsonObject(
	r: Random,
	keys: readonly string[],
	plausible: (key: string) => unknown = () => undefined
): Record<string, unknown> {
	const body: Record<string, unknown> = {};
	for (const key of r.some(keys, keys.length)) {
		const good = plausible(key);
		body[key] = good !== undefined && r.chance(0.5) ? good : jsonValue(r);
	}
	if (r.chance(0.2)) body[awkwardString(r)] = jsonValue(r);
	return body;
}

/** A request body: usually JSON, sometimes broken JSON, sometimes not JSON at all. */
export function body(r: Random, json: () => unknown): string {
	const roll = r.next();
	if (roll < 0.75) return JSON.stringify(json());
	if (roll < 0.85) return JSON.stringify(json()).slice(0, r.int(0, 20));
	if (roll < 0.9) return JSON.stringify(jsonValue(r));
	return awkwardString(r);
}

export const contentTypes = [
	'application/json',
	'application/json; charset=utf-8',
	'APPLICATION/JSON',
	'text/plain',
	'application/x-www-form-urlencoded',
	'multipart/form-data; boundary=x',
	'application/octet-stream',
	'application/vnd.pgrst.object+json',
	'',
	'garbage'
];

/** `encodeURIComponent` that also takes lone surrogates (as the replacement character). */
export const encodePart = (text: string) =>
	encodeURIComponent(
		text.replace(
			/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
			'\ufffd'
		)
	);
