// Business calendars and business-time arithmetic, at the SQL level: what an admin may save, and
// business minutes added and counted across evenings, weekends, holidays and DST changes. The
// seed's default calendar is Mon–Fri 09:00–17:00 Europe/Berlin with the German public holidays.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { calendars, projectRoot } from './support/demo';
import { actAs, claimsOf, failure, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

const berlinTime = (expression: string) =>
	`to_char((${expression}) at time zone 'Europe/Berlin', 'Dy YYYY-MM-DD HH24:MI')`;

/** `start` (Berlin local time) plus `minutes` business minutes, as Berlin local time. */
async function addMinutes(start: string, minutes: number, calendar?: string): Promise<string> {
	const { rows } = await stack.db.query<{ due: string }>(
		`select ${berlinTime(`public.add_business_minutes(($1::timestamp at time zone 'Europe/Berlin'), $2, $3)`)} as due`,
		[start, minutes, calendar ?? null]
	);
	return rows[0].due;
}

/** Business minutes between two Berlin local times. */
async function minutesBetween(from: string, to: string, calendar?: string): Promise<number> {
	const { rows } = await stack.db.query<{ minutes: string }>(
		`select public.business_minutes_between(
		   $1::timestamp at time zone 'Europe/Berlin', $2::timestamp at time zone 'Europe/Berlin', $3
		 ) as minutes`,
		[from, to, calendar ?? null]
	);
	return Number(rows[0].minutes);
}

const weekdays = (
	hours: { start: string; end: string }[],
	days = ['mon', 'tue', 'wed', 'thu', 'fri']
) => JSON.stringify(Object.fromEntries(days.map((day) => [day, hours])));

/** Saves a calendar as an admin; returns its id. */
async function saveCalendar(
	tx: Queryable,
	calendar: { name: string; time_zone: string; opening_hours: string; holidays?: string }
): Promise<string> {
	await actAs(tx, claimsOf('admin'));
	const { rows } = await tx.query<{ id: string }>(
		`insert into public.business_calendars (name, time_zone, opening_hours, holidays)
		 values ($1, $2, $3::jsonb, coalesce($4::jsonb, '[]')) returning id`,
		[calendar.name, calendar.time_zone, calendar.opening_hours, calendar.holidays ?? null]
	);
	return rows[0].id;
}

describe('adding business minutes (default calendar: Mon–Fri 9–17, Berlin)', () => {
	it('stays within the day when the day has room', async () => {
		expect(await addMinutes('2026-03-02 10:00', 90)).toBe('Mon 2026-03-02 11:30');
	});

	it('continues the next morning after closing time', async () => {
		expect(await addMinutes('2026-03-03 16:00', 120)).toBe('Wed 2026-03-04 10:00');
	});

	it('starts counting at opening time when the start is before it', async () => {
		expect(await addMinutes('2026-03-04 06:15', 30)).toBe('Wed 2026-03-04 09:30');
	});

	it('skips the weekend', async () => {
		expect(await addMinutes('2026-03-06 16:30', 60)).toBe('Mon 2026-03-09 09:30');
		expect(await addMinutes('2026-03-07 12:00', 60)).toBe('Mon 2026-03-09 10:00');
	});

	it('skips holidays: Good Friday and Easter Monday make Thursday evening run to Tuesday', async () => {
		expect(await addMinutes('2026-04-02 16:00', 120)).toBe('Tue 2026-04-07 10:00');
	});

	it('counts hours, not clock time, across the spring DST change (Berlin, 29 March 2026)', async () => {
		expect(await addMinutes('2026-03-27 16:30', 120)).toBe('Mon 2026-03-30 10:30');
		expect(await addMinutes('2026-10-23 16:30', 120)).toBe('Mon 2026-10-26 10:30');
	});

	it('adds whole business weeks', async () => {
		expect(await addMinutes('2026-03-02 09:00', 5 * 8 * 60)).toBe('Fri 2026-03-06 17:00');
	});

	it('goes back in time for negative minutes', async () => {
		expect(await addMinutes('2026-03-09 10:00', -120)).toBe('Fri 2026-03-06 16:00');
		expect(await addMinutes('2026-04-07 10:00', -120)).toBe('Thu 2026-04-02 16:00');
	});

	it('runs around the clock on a 24/7 calendar', async () => {
		expect(await addMinutes('2026-03-07 23:30', 60, calendars.aroundTheClock)).toBe(
			'Sun 2026-03-08 00:30'
		);
	});
});

describe('business minutes between two times', () => {
	it('counts only opening hours', async () => {
		expect(await minutesBetween('2026-03-02 08:00', '2026-03-02 18:00')).toBe(480);
		expect(await minutesBetween('2026-03-06 16:00', '2026-03-09 10:00')).toBe(120);
	});

	it('leaves out holidays', async () => {
		expect(await minutesBetween('2026-04-02 09:00', '2026-04-07 17:00')).toBe(16 * 60);
	});

	it('is negative when the end comes first', async () => {
		expect(await minutesBetween('2026-03-09 10:00', '2026-03-06 16:00')).toBe(-120);
	});

	it('is the inverse of adding business minutes', async () => {
		const { rows } = await stack.db.query<{ back: string }>(
			`select public.business_minutes_between(
			   '2026-03-27 11:17+01', public.add_business_minutes('2026-03-27 11:17+01', 777)
			 ) as back`
		);
		expect(Number(rows[0].back)).toBe(777);
	});

	it('counts the real length of a day with a DST change on a 24/7 calendar in Berlin', async () => {
		const lengths = await rolledBack(stack.db, async (tx) => {
			const id = await saveCalendar(tx, {
				name: 'Berlin around the clock',
				time_zone: 'Europe/Berlin',
				opening_hours: weekdays(
					[{ start: '00:00', end: '24:00' }],
					['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']
				)
			});
			const { rows } = await tx.query<{ spring: string; autumn: string; night: string }>(
				`select
				   public.business_minutes_between('2026-03-29 00:00+01', '2026-03-30 00:00+02', $1) as spring,
				   public.business_minutes_between('2026-10-25 00:00+02', '2026-10-26 00:00+01', $1) as autumn,
				   public.business_minutes_between('2026-03-29 01:00+01', '2026-03-29 04:00+02', $1) as night`,
				[id]
			);
			return rows[0];
		});
		expect(Number(lengths.spring)).toBe(23 * 60);
		expect(Number(lengths.autumn)).toBe(25 * 60);
		expect(Number(lengths.night)).toBe(2 * 60);
	});

	it('follows the calendar’s own time zone (New York changes on 8 March 2026)', async () => {
		const result = await rolledBack(stack.db, async (tx) => {
			const id = await saveCalendar(tx, {
				name: 'New York office',
				time_zone: 'America/New_York',
				opening_hours: weekdays([{ start: '09:00', end: '17:00' }])
			});
			const { rows } = await tx.query<{ due: string; minutes: string }>(
				`select
				   to_char(public.add_business_minutes('2026-03-06 16:00-05', 120, $1) at time zone 'America/New_York',
				     'Dy HH24:MI') as due,
				   public.business_minutes_between('2026-03-06 09:00-05', '2026-03-09 17:00-04', $1) as minutes`,
				[id]
			);
			return rows[0];
		});
		expect(result).toEqual({ due: 'Mon 10:00', minutes: '960.00' });
	});
});

describe('saving a calendar', () => {
	it('normalises opening hours and holidays, and derives the arithmetic from them', async () => {
		const saved = await rolledBack(stack.db, async (tx) => {
			const id = await saveCalendar(tx, {
				name: 'Split shift',
				time_zone: 'Europe/Vienna',
				opening_hours: JSON.stringify({
					mon: [
						{ start: '14:00', end: '18:00' },
						{ start: '08:00', end: '12:00' }
					]
				}),
				holidays: JSON.stringify([
					{ date: '2026-12-25', name: ' Christmas ' },
					{ date: '2026-01-06' }
				])
			});
			const { rows } = await tx.query(
				`select opening_hours -> 'mon' as monday, opening_hours -> 'sun' as sunday, holidays,
				   week_minutes, holiday_dates::text[] as holiday_dates
				 from public.business_calendars where id = $1`,
				[id]
			);
			return rows[0];
		});
		expect(saved).toEqual({
			monday: [
				{ start: '08:00', end: '12:00' },
				{ start: '14:00', end: '18:00' }
			],
			sunday: [],
			holidays: [
				{ date: '2026-01-06', name: '' },
				{ date: '2026-12-25', name: 'Christmas' }
			],
			week_minutes: [480, 720, 840, 1080],
			holiday_dates: ['2026-01-06', '2026-12-25']
		});
	});

	it('refuses bad input with a reason a person can act on, and saves nothing', async () => {
		const cases: [string, Partial<Parameters<typeof saveCalendar>[1]>][] = [
			['time zone "Mars/Olympus" does not exist', { time_zone: 'Mars/Olympus' }],
			['the week has no opening hours', { opening_hours: '{"mon": [], "sat": []}' }],
			[
				'on Monday 12:00–17:00 overlaps 09:00–13:00',
				{
					opening_hours: JSON.stringify({
						mon: [
							{ start: '09:00', end: '13:00' },
							{ start: '12:00', end: '17:00' }
						]
					})
				}
			],
			[
				'Tuesday closes (08:00) before it opens (09:00)',
				{ opening_hours: '{"tue": [{"start": "09:00", "end": "08:00"}]}' }
			],
			[
				'unknown day "monday"',
				{ opening_hours: '{"monday": [{"start": "09:00", "end": "17:00"}]}' }
			],
			[
				'Monday has an interval that is not',
				{ opening_hours: '{"mon": [{"start": "9am", "end": "5pm"}]}' }
			],
			['"2026-02-30" is not a valid date', { holidays: '[{"date": "2026-02-30"}]' }],
			['"25.12.2026" is not a valid date', { holidays: '[{"date": "25.12.2026"}]' }],
			[
				'2026-12-25 is listed twice',
				{ holidays: '[{"date": "2026-12-25"}, {"date": "2026-12-25"}]' }
			]
		];
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('admin'));
			const errors = [];
			for (const [, change] of cases) {
				const calendar = {
					name: 'Broken',
					time_zone: 'Europe/Berlin',
					opening_hours: weekdays([{ start: '09:00', end: '17:00' }]),
					holidays: '[]',
					...change
				};
				errors.push(
					await failure(
						tx,
						`insert into public.business_calendars (name, time_zone, opening_hours, holidays)
						 values ($1, $2, $3::jsonb, $4::jsonb)`,
						[calendar.name, calendar.time_zone, calendar.opening_hours, calendar.holidays]
					)
				);
			}
			const { rows } = await tx.query<{ n: number }>(
				`select count(*)::int as n from public.business_calendars where name = 'Broken'`
			);
			return { errors, saved: rows[0].n };
		});
		expect(outcome.saved).toBe(0);
		outcome.errors.forEach((error, i) => {
			expect(error.code).toBe('23514');
			expect(error.message).toContain(cases[i][0]);
		});
	});

	it('keeps exactly one default: a new default takes over, and the default cannot be switched off or deleted', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			const id = await saveCalendar(tx, {
				name: 'Sydney',
				time_zone: 'Australia/Sydney',
				opening_hours: weekdays([{ start: '08:00', end: '16:00' }])
			});
			await tx.query('update public.business_calendars set is_default = true where id = $1', [id]);
			const { rows } = await tx.query<{ id: string }>(
				'select id from public.business_calendars where is_default'
			);
			const switchOff = await failure(
				tx,
				'update public.business_calendars set is_default = false where id = $1',
				[id]
			);
			const remove = await failure(tx, 'delete from public.business_calendars where id = $1', [id]);
			return { defaults: rows.map((r) => r.id), switchOff, remove, id };
		});
		expect(outcome.defaults).toEqual([outcome.id]);
		expect(outcome.switchOff.message).toContain('make another calendar the default');
		expect(outcome.remove.message).toContain('make another calendar the default');
	});

	it('are read by staff, managed by admins, and invisible to customers', async () => {
		const outcome = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('client'));
			const clientSees = (await tx.query('select id from public.business_calendars')).rows.length;
			const clientAdds = await failure(tx, `select public.add_business_minutes(now(), 60)`);
			await actAs(tx, claimsOf('agent'));
			const agentSees = (await tx.query('select id from public.business_calendars')).rows.length;
			const agentRenames = (await tx.query(`update public.business_calendars set name = 'Mine'`))
				.affectedRows;
			return { clientSees, clientAdds: clientAdds.message, agentSees, agentRenames };
		});
		expect(outcome).toEqual({
			clientSees: 0,
			clientAdds: 'there is no default business calendar',
			agentSees: 2,
			agentRenames: 0
		});
	});
});
