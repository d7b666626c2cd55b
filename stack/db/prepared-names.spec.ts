import { describe, expect, it } from 'vitest';
import { PreparedNames } from './prepared-names';

const statement = (sql: string, prepareKey?: string) => ({ sql, prepareKey });

describe('the statements a connection keeps prepared', () => {
	it('runs a statement without a key unnamed, parsed every time', () => {
		const names = new PreparedNames('s');
		expect(names.use(statement('select 1'))).toEqual({ name: '', parse: true });
		expect(names.use(statement('select 1'))).toEqual({ name: '', parse: true });
	});

	it('parses a keyed statement once, under a name of its own per key and text', () => {
		const names = new PreparedNames('s');
		const first = names.use(statement('select 1', 'v1'));
		expect(first.parse).toBe(true);
		expect(names.use(statement('select 1', 'v1'))).toMatchObject({
			name: first.name,
			parse: false
		});
		const otherKey = names.use(statement('select 1', 'v2'));
		const otherText = names.use(statement('select 2', 'v1'));
		expect(otherKey.parse && otherText.parse).toBe(true);
		expect(new Set([first.name, otherKey.name, otherText.name]).size).toBe(3);
	});

	it('closes the least recently used name past its limit', () => {
		const names = new PreparedNames('s', 2);
		const a = names.use(statement('a', 'k'));
		const b = names.use(statement('b', 'k'));
		names.use(statement('a', 'k'));
		names.use(statement('c', 'k'));
		expect(names.takeClosing()).toEqual([b.name]);
		expect(names.takeClosing()).toEqual([]);
		expect(names.use(statement('a', 'k'))).toMatchObject({ name: a.name, parse: false });
		expect(names.use(statement('b', 'k')).parse).toBe(true);
	});

	it('forgets names a failed batch left in doubt, and closes them', () => {
		const names = new PreparedNames('s');
		const doubtful = names.use(statement('select $1::int', 'k'));
		names.forget([doubtful.name]);
		expect(names.takeClosing()).toEqual([doubtful.name]);
		const again = names.use(statement('select $1::int', 'k'));
		expect(again.parse).toBe(true);
		expect(again.name).not.toBe(doubtful.name);
	});

	it('keeps the columns a run described, per name, and not for the unnamed statement', () => {
		const names = new PreparedNames('s');
		const columns = [{ name: 'n', dataTypeID: 23 }];
		const first = names.use(statement('select 1 as n', 'k'));
		expect(first.fields).toBeUndefined();
		names.described(first, columns);
		expect(names.use(statement('select 1 as n', 'k')).fields).toBe(columns);
		expect(names.use(statement('select 1 as n', 'other')).fields).toBeUndefined();

		const unnamed = names.use(statement('select 1 as n'));
		names.described(unnamed, columns);
		expect(names.use(statement('select 1 as n')).fields).toBeUndefined();

		const doubtful = names.use(statement('select 2 as n', 'k'));
		names.described(doubtful, columns);
		names.forget([doubtful.name]);
		expect(names.use(statement('select 2 as n', 'k')).fields).toBeUndefined();
	});
});
