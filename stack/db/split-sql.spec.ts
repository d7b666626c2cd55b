import { describe, expect, it } from 'vitest';
import { lineAt, splitSql } from './split-sql';

describe('splitSql', () => {
	it('splits on semicolons outside quotes, dollar quotes and comments', () => {
		const script = `
-- a comment; with a semicolon
create table "a;b" (x text default 'it''s; fine');
create function f() returns int language plpgsql as $body$ begin return 1; end $body$;
/* block; /* nested; */ */ select $$;$$;
select 1`;
		expect(splitSql(script)).toEqual([
			`-- a comment; with a semicolon\ncreate table "a;b" (x text default 'it''s; fine');`,
			'create function f() returns int language plpgsql as $body$ begin return 1; end $body$;',
			'/* block; /* nested; */ */ select $$;$$;',
			'select 1'
		]);
	});

	it('drops empty statements and trailing comments', () => {
		expect(splitSql(';; -- nothing\n')).toEqual([]);
	});

	it('finds the line of an offset', () => {
		expect(lineAt('a\nb\nc', 4)).toBe(3);
	});
});
