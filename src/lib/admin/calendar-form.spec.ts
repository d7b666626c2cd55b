import { describe, expect, it } from 'vitest';
import { parseForm } from '$lib/forms';
import { calendarForm, holidaysText, hoursText } from './calendar-form';

const form = (fields: Record<string, string>) => {
	const body = new FormData();
	for (const [name, value] of Object.entries(fields)) body.set(name, value);
	return body;
};

describe('a calendar form', () => {
	it('reads a line of hours per day and a holiday per line, and puts them back the same', () => {
		const parsed = parseForm(
			calendarForm,
			form({
				name: 'Support NYC',
				time_zone: 'America/New_York',
				hours_mon: '9:00-12:00, 13:00–17:00',
				hours_sat: '',
				holidays: '2026-11-26 Thanksgiving\n\n2026-12-25  Christmas Day ',
				is_default: 'on'
			})
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.data.opening_hours.mon).toEqual([
			{ start: '09:00', end: '12:00' },
			{ start: '13:00', end: '17:00' }
		]);
		expect(parsed.data.opening_hours.sat).toEqual([]);
		expect(parsed.data.holidays).toEqual([
			{ date: '2026-11-26', name: 'Thanksgiving' },
			{ date: '2026-12-25', name: 'Christmas Day' }
		]);
		expect(parsed.data.is_default).toBe(true);
		expect(hoursText(parsed.data.opening_hours, 'mon')).toBe('09:00–12:00, 13:00–17:00');
		expect(holidaysText(parsed.data.holidays)).toBe(
			'2026-11-26 Thanksgiving\n2026-12-25 Christmas Day'
		);
	});

	it('says which day’s hours it cannot read, and what a holiday line needs', () => {
		const parsed = parseForm(
			calendarForm,
			form({ name: 'X', time_zone: 'UTC', hours_tue: '9 to 5', holidays: 'Christmas' })
		);
		expect(parsed.ok).toBe(false);
		if (parsed.ok) return;
		expect(Object.keys(parsed.errors).sort()).toEqual(['holidays', 'hours_tue']);
		expect(parsed.errors.hours_tue).toMatch(/not “9 to 5”/);
	});
});
