import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './audit-csv';

describe('csvField', () => {
	it('quotes separators, quotes and line breaks', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a,b')).toBe('"a,b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
	});

	it('writes JSON for objects and nothing for null', () => {
		expect(csvField({ role: 'admin' })).toBe('"{""role"":""admin""}"');
		expect(csvField(null)).toBe('');
		expect(csvField(42)).toBe('42');
	});

	it('defuses text a spreadsheet would run as a formula', () => {
		expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
	});
});

describe('csvLine', () => {
	it('ends every line with CRLF', () => {
		expect(csvLine(['a', null, 1])).toBe('a,,1\r\n');
	});
});
