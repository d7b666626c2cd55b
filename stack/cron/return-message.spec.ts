import { describe, expect, it } from 'vitest';
import { returnMessage } from './return-message';

describe('returnMessage', () => {
	it('reports the last statement’s command tag', () => {
		const outcome = {
			results: [
				{ kind: 'command' as const, tag: 'CREATE TABLE' },
				{ kind: 'command' as const, tag: 'INSERT 0 2' }
			]
		};
		expect(returnMessage(outcome, 'create table t (x int); insert into t values (1), (2)')).toBe(
			'INSERT 0 2'
		);
	});

	it('counts the rows of a result set, as libpq’s tuples result', () => {
		expect(returnMessage({ results: [{ kind: 'rows', count: 1 }] }, 'select 1')).toBe('1 row');
		expect(returnMessage({ results: [{ kind: 'rows', count: 0 }] }, 'select 1 where false')).toBe(
			'0 rows'
		);
		expect(returnMessage({ results: [{ kind: 'empty' }] }, '')).toBe('0 rows');
	});

	it('prints an error as libpq does, with the cursor under the position', () => {
		const error = {
			severity: 'ERROR',
			code: '42P01',
			message: 'relation "nope" does not exist',
			position: '15'
		};
		expect(returnMessage({ results: [], error }, 'select * from nope')).toBe(
			'ERROR:  relation "nope" does not exist\nLINE 1: select * from nope\n                      ^\n'
		);
	});

	it('adds DETAIL, HINT and CONTEXT lines, and finds the line of a multi-line command', () => {
		const error = {
			severity: 'ERROR',
			code: 'P0001',
			message: 'boom',
			detail: 'the detail',
			hint: 'a hint',
			where: 'PL/pgSQL function f() line 3 at RAISE',
			position: '11'
		};
		expect(returnMessage({ results: [], error }, 'select 1;\nsel')).toBe(
			'ERROR:  boom\nLINE 2: sel\n        ^\nDETAIL:  the detail\nHINT:  a hint\nCONTEXT:  PL/pgSQL function f() line 3 at RAISE\n'
		);
	});
});
