import { describe, expect, it } from 'vitest';
import { filterQuery, parseFilters, todayIn } from './filters';

const parse = (query: string, today = '2026-12-03') =>
	parseFilters(new URLSearchParams(query), today);

describe('parseFilters', () => {
	it('starts at the last 30 days, today included', () => {
		expect(parse('')).toEqual({
			ok: true,
			filters: {
				preset: '30d',
				from: '2026-11-04',
				to: '2026-12-03',
				team: null,
				agent: null,
				priority: null,
				type: null
			}
		});
	});

	it('resolves presets against today', () => {
		const range = (query: string) => {
			const parsed = parse(query);
			return parsed.ok ? [parsed.filters.from, parsed.filters.to] : parsed.message;
		};
		expect(range('preset=today')).toEqual(['2026-12-03', '2026-12-03']);
		expect(range('preset=7d')).toEqual(['2026-11-27', '2026-12-03']);
		expect(range('preset=quarter')).toEqual(['2026-10-01', '2026-12-03']);
		expect(range('preset=year')).toEqual(['2025-12-04', '2026-12-03']);
		// Dates without a preset are a custom range; a preset wins over stale dates.
		expect(range('from=2026-01-01&to=2026-01-31')).toEqual(['2026-01-01', '2026-01-31']);
		expect(range('preset=7d&from=2020-01-01&to=2020-01-02')).toEqual(['2026-11-27', '2026-12-03']);
	});

	it('reads `any` and empty values as no filter, and ids and priorities as filters', () => {
		const parsed = parse(
			'team=any&agent=&priority=urgent&type=7e000000-0000-4000-8000-000000000001'
		);
		expect(parsed.ok && parsed.filters).toMatchObject({
			team: null,
			agent: null,
			priority: 'urgent',
			type: '7e000000-0000-4000-8000-000000000001'
		});
	});

	it('refuses inverted, endless and malformed input with a message for the person', () => {
		expect(parse('from=2026-12-01&to=2026-11-01')).toEqual({
			ok: false,
			message: 'The start date (2026-12-01) is after the end date (2026-11-01).'
		});
		expect(parse('from=2006-01-01&to=2026-01-01')).toEqual({
			ok: false,
			message: 'Choose a range of at most three years (this one has 7306 days).'
		});
		expect(parse('preset=custom&from=2026-01-01')).toEqual({
			ok: false,
			message: 'Choose a start and an end date.'
		});
		expect(parse('from=yesterday&to=2026-01-01')).toEqual({
			ok: false,
			message: 'Dates look like 2026-11-30.'
		});
		expect(parse('team=billing')).toEqual({ ok: false, message: 'That team does not exist.' });
		expect(parse('priority=asap')).toEqual({
			ok: false,
			message: 'Choose a priority from the list.'
		});
	});
});

describe('filterQuery', () => {
	it('keeps a preset a preset, so a bookmark keeps meaning "the last 7 days"', () => {
		const parsed = parse('preset=7d&priority=high');
		expect(parsed.ok && filterQuery(parsed.filters).toString()).toBe('preset=7d&priority=high');
		const custom = parse('from=2026-01-01&to=2026-01-31');
		expect(custom.ok && filterQuery(custom.filters).toString()).toBe(
			'from=2026-01-01&to=2026-01-31'
		);
	});
});

describe('todayIn', () => {
	it('is the date in the workspace zone, not the server’s', () => {
		const lateEvening = new Date('2026-12-03T23:30:00Z');
		expect(todayIn('UTC', lateEvening)).toBe('2026-12-03');
		expect(todayIn('Europe/Berlin', lateEvening)).toBe('2026-12-04');
		expect(todayIn('America/Los_Angeles', lateEvening)).toBe('2026-12-03');
	});
});
