import { describe, expect, it } from 'vitest';
import { oids, pgParser } from './parsers';

describe('pg value parsers', () => {
	it('parse scalars as the PGlite driver does', () => {
		expect(pgParser(oids.bool)('t')).toBe(true);
		expect(pgParser(oids.int8)('42')).toBe(42);
		expect(pgParser(oids.oid)('16384')).toBe(16384);
		expect(pgParser(oids.jsonb)('{"a":[1]}')).toEqual({ a: [1] });
		expect(pgParser(oids.timestamptz)('2026-01-01 00:00:00+00')).toBe('2026-01-01 00:00:00+00');
	});

	it('parse arrays element-wise, text-like arrays as strings', () => {
		expect(pgParser(1007)('{1,2}')).toEqual([1, 2]);
		expect(pgParser(1009)('{a,"b,c"}')).toEqual(['a', 'b,c']);
		expect(pgParser(1003)('{open,closed}')).toEqual(['open', 'closed']);
		expect(pgParser(1028)('{1,2}')).toEqual([1, 2]);
	});
});
