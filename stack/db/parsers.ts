// How column values come back from either driver, so services see the same types on both:
// json/jsonb parsed, bool -> boolean, int2/int4/int8/float -> number, numeric -> string,
// dates and timestamps -> the text PostgreSQL printed, bytea -> bytes, arrays element-wise.
import { parse as parseArray } from 'postgres-array';

export const oids = {
	bool: 16,
	bytea: 17,
	int8: 20,
	int2: 21,
	int4: 23,
	oid: 26,
	json: 114,
	float4: 700,
	float8: 701,
	date: 1082,
	time: 1083,
	timestamp: 1114,
	timestamptz: 1184,
	timetz: 1266,
	jsonb: 3802
} as const;

const text = (value: string) => value;

/** Overrides for PGlite, whose own defaults already match the rest of the policy. */
export const pgliteParsers: Record<number, (value: string) => unknown> = {
	[oids.date]: text,
	[oids.time]: text,
	[oids.timestamp]: text,
	[oids.timestamptz]: text,
	[oids.timetz]: text
};

const scalar: Record<number, (value: string) => unknown> = {
	[oids.bool]: (v) => v === 't',
	[oids.int2]: Number,
	[oids.int4]: Number,
	[oids.int8]: Number,
	[oids.oid]: Number,
	[oids.float4]: Number,
	[oids.float8]: Number,
	[oids.json]: (v) => JSON.parse(v),
	[oids.jsonb]: (v) => JSON.parse(v),
	[oids.bytea]: (v) => Buffer.from(v.slice(2), 'hex')
};

const arrayOf: Record<number, number> = {
	1000: oids.bool,
	1005: oids.int2,
	1007: oids.int4,
	1016: oids.int8,
	1028: oids.oid,
	1021: oids.float4,
	1022: oids.float8,
	199: oids.json,
	3807: oids.jsonb
};

// text[], varchar[], name[], bpchar[], uuid[], timestamp[], date[], timestamptz[], time[], numeric[]
const textArrays = new Set([1009, 1015, 1003, 1014, 2951, 1115, 1182, 1185, 1183, 1231]);

/** The text-format parser for `pg`, per type oid. */
export function pgParser(oid: number): (value: string) => unknown {
	const base = scalar[oid];
	if (base) return base;
	const element = arrayOf[oid];
	if (element !== undefined) return (v) => parseArray(v, scalar[element]);
	if (textArrays.has(oid)) return (v) => parseArray(v, text);
	return text;
}
