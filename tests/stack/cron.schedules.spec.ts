// Which schedules Supabase Cron takes and what they mean: pg_cron's Vixie cron grammar, its `@`
// macros and `[1-59] seconds` intervals, read by the stack's parser in SQL (the same one
// cron.schedule checks with), and pg_cron's "invalid schedule" error for everything else.
import { describe, expect, it } from 'vitest';
import { cronSuite } from './fixtures/cron/support';

const suite = cronSuite();

type Parsed = Record<string, unknown> | null;
const parse = async (schedule: string) =>
	(await suite.query<{ parsed: Parsed }>('select _stack.cron_parse($1) as parsed', [schedule]))[0]
		.parsed;

const range = (from: number, to: number) =>
	Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('cron schedules', () => {
	it('expands ranges, steps, lists and names', async () => {
		expect(await parse('*/15 9-17/4 1,15 jan-mar,DEC mon-fri')).toEqual({
			minutes: [0, 15, 30, 45],
			hours: [9, 13, 17],
			days: [1, 15],
			months: [1, 2, 3, 12],
			weekdays: [1, 2, 3, 4, 5],
			lastDay: false,
			daysStar: false,
			weekdaysStar: false
		});
	});

	it('remembers which day fields began with `*`, which decides how they combine', async () => {
		expect(await parse('0 0 */2 * 1')).toMatchObject({ daysStar: true, weekdaysStar: false });
		expect(await parse('0 0 1 * *')).toMatchObject({ daysStar: false, weekdaysStar: true });
	});

	it('takes 7 as Sunday, `$` as the last day of the month, and skips comment lines', async () => {
		expect(await parse('0 0 * * 7')).toMatchObject({ weekdays: [0] });
		expect(await parse('0 12 $ * *')).toMatchObject({ days: [], lastDay: true });
		expect(await parse('# nightly\n\n30 2 * * *')).toMatchObject({ minutes: [30], hours: [2] });
	});

	it('knows pg_cron’s macros', async () => {
		expect(await parse('@hourly')).toMatchObject({ minutes: [0], hours: range(0, 23) });
		expect(await parse('@daily')).toMatchObject({ minutes: [0], hours: [0], days: range(1, 31) });
		expect(await parse('@midnight')).toEqual(await parse('@daily'));
		expect(await parse('@weekly')).toMatchObject({ weekdays: [0], weekdaysStar: true });
		expect(await parse('@monthly')).toMatchObject({ days: [1], weekdaysStar: true });
		expect(await parse('@reboot')).toEqual({ reboot: true });
		expect(await parse('@restart')).toEqual({ reboot: true });
	});

	it('reads intervals of 1 to 59 seconds as pg_cron does', async () => {
		expect(await parse('10 seconds')).toEqual({ seconds: 10 });
		expect(await parse('1 second')).toEqual({ seconds: 1 });
		expect(await parse(' 30 sEcOnDs ')).toEqual({ seconds: 30 });
		expect(await parse('17  seconds ')).toEqual({ seconds: 17 });
	});

	it.each([
		['* * * * * * *', 'seven fields (pg_cron would quietly drop the last two)'],
		['* * * * * 2030', 'a year field'],
		['* * * *', 'four fields'],
		['', 'nothing'],
		['*/0 10 * * *', 'a zero step'],
		['*/60 10 * * *', 'a step beyond the field'],
		['-1 * * * *', 'a negative minute'],
		['60 * * * *', 'minute 60'],
		['* * * 13 *', 'month 13'],
		['* * * 0 *', 'month 0'],
		['* * 32 * *', 'day 32'],
		['* * * * 8', 'weekday 8'],
		['1/5 * * * *', 'a step without a range'],
		['10-5 * * * *', 'a reversed range'],
		['* * * * monday', 'a weekday name that is not three letters'],
		['* jan * * *', 'a name in a field without names'],
		['0 11 $foo * *', 'text after `$`'],
		['5x * * * *', 'text after a number'],
		['@yearly', '@yearly, which pg_cron takes but never runs'],
		['@restar', 'an unknown macro'],
		['@hourly extra', 'text after a macro'],
		['0 seconds', 'zero seconds'],
		['60 seconds', 'sixty seconds'],
		['-1 seconds', 'negative seconds'],
		['10000000000 seconds', 'too many seconds'],
		['5 secondc', 'a misspelt unit'],
		['50 seconds c', 'text after the interval'],
		['5 second ', 'a space after the singular unit, which pg_cron’s sscanf refuses']
	])('refuses %j (%s) with pg_cron’s error and hint', async (schedule) => {
		expect(await parse(schedule)).toBeNull();
		await expect(
			suite.query(`select cron.schedule('refused', $1, 'select 1')`, [schedule])
		).rejects.toMatchObject({
			code: '22023',
			message: `invalid schedule: ${schedule}`,
			hint: "Use cron format (e.g. 5 4 * * *), or interval format '[1-59] seconds'"
		});
	});

	it('refuses a schedule of 1000 characters or more', async () => {
		expect(await parse(`${'0 0 * * *'}${' '.repeat(991)}`)).toBeNull();
	});

	it('leaves cron.job untouched after a refusal, and keeps serving', async () => {
		await expect(
			suite.query(`select cron.schedule('kept', '* * * * * * *', 'select 1')`)
		).rejects.toMatchObject({ code: '22023' });
		expect(await suite.query(`select * from cron.job where jobname = 'kept'`)).toEqual([]);
		expect(await suite.query(`select 1 as ok`)).toEqual([{ ok: 1 }]);
	});
});
