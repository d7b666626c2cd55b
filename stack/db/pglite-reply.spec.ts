import { messages } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { readReply } from './pglite-reply';

const encoder = new TextEncoder();

/** A backend message as PostgreSQL writes it: type, length (itself included), body. */
function message(type: string, ...body: (Uint8Array | number[])[]): Uint8Array {
	const size = body.reduce((sum, part) => sum + part.length, 0);
	const bytes = new Uint8Array(5 + size);
	bytes[0] = type.charCodeAt(0);
	new DataView(bytes.buffer).setInt32(1, 4 + size);
	let offset = 5;
	for (const part of body) {
		bytes.set(part, offset);
		offset += part.length;
	}
	return bytes;
}
const int16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const int32 = (n: number) => [(n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const cstring = (text: string) => [...encoder.encode(text), 0];
const reply = (...parts: Uint8Array[]) => {
	const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
	parts.reduce((offset, part) => (bytes.set(part, offset), offset + part.length), 0);
	return bytes;
};

const rowDescription = (...columns: [string, number][]) =>
	message(
		'T',
		int16(columns.length),
		...columns.flatMap(([name, type]) => [
			cstring(name),
			[...int32(16384), ...int16(1), ...int32(type), ...int16(-1), ...int32(-1), ...int16(0)]
		])
	);
const dataRow = (...values: (string | null)[]) =>
	message(
		'D',
		int16(values.length),
		...values.flatMap((value) => {
			if (value === null) return [int32(-1)];
			const bytes = encoder.encode(value);
			return [int32(bytes.length), bytes];
		})
	);
const commandComplete = (tag: string) => message('C', cstring(tag));
const readyForQuery = message('Z', [0x49]);
const error = (fields: Record<string, string>) =>
	message(
		'E',
		...Object.entries(fields).map(([code, value]) => [code.charCodeAt(0), ...cstring(value)]),
		[0]
	);

function visitAll(bytes: Uint8Array) {
	const seen: unknown[] = [];
	let failure: unknown;
	try {
		readReply(bytes, {
			rowDescription: (fields) => seen.push({ rowDescription: fields }),
			dataRow: (values) => seen.push({ dataRow: values }),
			commandComplete: (tag) => seen.push({ commandComplete: tag }),
			emptyQuery: () => seen.push('emptyQuery'),
			notification: (channel, payload) => seen.push({ notification: [channel, payload] })
		});
	} catch (thrown) {
		failure = thrown;
	}
	return { seen, failure };
}

describe("reading PGlite's raw answer to a batch", () => {
	it('hands on columns, rows (nulls and multibyte text kept), command tags and empty queries in order', () => {
		const { seen, failure } = visitAll(
			reply(
				message('1'),
				message('2'),
				rowDescription(['id', 23], ['naïve', 25]),
				dataRow('1', 'über ✓'),
				dataRow('2', null),
				commandComplete('SELECT 2'),
				message('2'),
				message('n'),
				commandComplete('INSERT 0 1'),
				message('I'),
				dataRow(),
				commandComplete('SELECT 1'),
				readyForQuery
			)
		);
		expect(failure).toBeUndefined();
		expect(seen).toEqual([
			{
				rowDescription: [
					{ name: 'id', dataTypeID: 23 },
					{ name: 'naïve', dataTypeID: 25 }
				]
			},
			{ dataRow: ['1', 'über ✓'] },
			{ dataRow: ['2', null] },
			{ commandComplete: 'SELECT 2' },
			{ commandComplete: 'INSERT 0 1' },
			'emptyQuery',
			{ dataRow: [] },
			{ commandComplete: 'SELECT 1' }
		]);
	});

	it('hands on notifications where they come, and skips notices', () => {
		const { seen } = visitAll(
			reply(
				commandComplete('COMMIT'),
				message('N', [0x53, ...cstring('WARNING')], [0x4d, ...cstring('careful')], [0]),
				message('A', int32(42), cstring('Changes'), cstring('{"id":1}')),
				readyForQuery
			)
		);
		expect(seen).toEqual([
			{ commandComplete: 'COMMIT' },
			{ notification: ['Changes', '{"id":1}'] }
		]);
	});

	it("throws the first error as PGlite's own DatabaseError and reads nothing after it", () => {
		const { seen, failure } = visitAll(
			reply(
				commandComplete('SELECT 1'),
				error({ S: 'ERROR', V: 'ERROR', C: '23505', M: 'duplicate key', D: 'Key (id)=(1).' }),
				message('A', int32(42), cstring('late'), cstring('')),
				error({ S: 'ERROR', C: '25P02', M: 'current transaction is aborted' }),
				readyForQuery
			)
		);
		expect(seen).toEqual([{ commandComplete: 'SELECT 1' }]);
		expect(failure).toBeInstanceOf(messages.DatabaseError);
		expect(failure).toMatchObject({
			severity: 'ERROR',
			code: '23505',
			message: 'duplicate key',
			detail: 'Key (id)=(1).'
		});
	});
});
