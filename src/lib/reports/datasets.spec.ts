import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv';
import { datasets, orderedDurations } from './datasets';
import { reportSchema } from './report';

const report = reportSchema.parse({
	from: '2026-12-01',
	to: '2026-12-02',
	time_zone: 'Europe/Berlin',
	stale: false,
	totals: { created: 3, solved: 1, replies: 4, first_responses: 2, rated: 1, good: 1 },
	series: [
		{ day: '2026-12-01', created: 2, solved: 0, backlog: 7, rated: 0, good: 0 },
		{ day: '2026-12-02', created: 1, solved: 1, backlog: 7, rated: 1, good: 1 }
	],
	open: [{ status: 'open', priority: 'high', tickets: 2 }],
	durations: [
		{
			dim: 'team',
			key: '',
			metric: 'first_response',
			tickets: 2,
			median_seconds: 60,
			p90_seconds: 7200
		}
	],
	sla: [{ policy_id: 'p', policy: 'Standard', target: 'resolution', met: 3, breached: 1 }],
	leaderboard: [],
	heatmap: [{ weekday: 7, hour: 23, tickets: 3 }],
	comments: [],
	names: { teams: {}, agents: {} }
});

describe('datasets', () => {
	it('give every chart its rows, days without tickets included', () => {
		expect(datasets.volume.rows(report)).toEqual([
			{ day: '2026-12-01', created: 2, solved: 0, backlog: 7 },
			{ day: '2026-12-02', created: 1, solved: 1, backlog: 7 }
		]);
		expect(datasets.open.rows(report)[0]).toEqual({
			status: 'Open',
			low: 0,
			normal: 0,
			high: 2,
			urgent: 0,
			total: 2
		});
		expect(datasets.sla.rows(report)).toEqual([
			{ policy: 'Standard', target: 'Resolution', met: 3, breached: 1, attainment: '75%' }
		]);
		expect(datasets['response-times'].rows(report)[0]).toMatchObject({
			by: 'Team',
			group: 'No team'
		});
		expect(datasets['busiest-hours'].rows(report)).toEqual([
			{ weekday: 'Sun', hour: 23, tickets: 3 }
		]);
	});
});

describe('duration groups', () => {
	it('read overall first, then priorities from low to urgent, then teams by name', () => {
		const group = (dim: string, key: string) => ({
			dim,
			key,
			metric: 'resolution',
			tickets: 1,
			median_seconds: 60,
			p90_seconds: 60
		});
		const shuffled = reportSchema.parse({
			...report,
			durations: [
				group('team', 't2'),
				group('priority', 'urgent'),
				group('priority', 'high'),
				group('all', ''),
				group('priority', 'low'),
				group('team', 't1'),
				group('priority', 'normal')
			],
			names: { teams: { t1: 'Billing', t2: 'Accounts' }, agents: {} }
		});
		expect(orderedDurations(shuffled).map((d) => `${d.dim}:${d.key}`)).toEqual([
			'all:',
			'priority:low',
			'priority:normal',
			'priority:high',
			'priority:urgent',
			'team:t2',
			'team:t1'
		]);
	});
});

describe('CSV', () => {
	it('quotes what needs quoting and defuses spreadsheet formulas', () => {
		expect(csvField('plain')).toBe('plain');
		expect(csvField('a, b')).toBe('"a, b"');
		expect(csvField('say "hi"')).toBe('"say ""hi"""');
		expect(csvField('two\nlines')).toBe('"two\nlines"');
		expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
		expect(csvField(-3)).toBe('-3');
		expect(csvField(null)).toBe('');
		expect(csvLine(['a', 1, null])).toBe('a,1,\r\n');
	});
});
