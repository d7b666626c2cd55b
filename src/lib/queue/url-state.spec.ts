import { describe, expect, it } from 'vitest';
import { parseDateRange, parseQueueUrl, queueSearch } from './url-state';

const parse = (search: string) => parseQueueUrl(new URLSearchParams(search));
const agentId = '1b2c3d4e-0000-4000-8000-000000000001';

describe('the queue URL', () => {
	it('opens the default view with nothing changed', () => {
		expect(parse('')).toEqual({ view: 'open', overrides: {}, columns: undefined, problems: [] });
	});

	it('reads every filter, the search, the sort and the columns', () => {
		expect(
			parse(
				`view=mine&status=open,pending&priority=urgent&assignee=me,none,${agentId}&team=none` +
					`&customer=${agentId}&tags=vip,%20billing&tagmatch=all&created=2026-01-01..2026-01-31` +
					`&updated=7d&q=%20printer%20%20jam%20&sort=priority&dir=asc&cols=subject,tags`
			)
		).toEqual({
			view: 'mine',
			overrides: {
				status: ['open', 'pending'],
				priority: ['urgent'],
				assignee: ['me', 'none', agentId],
				team: ['none'],
				customer: [agentId],
				tags: ['vip', 'billing'],
				tags_mode: 'all',
				created: { from: '2026-01-01', to: '2026-01-31' },
				updated: { days: 7 },
				search: 'printer jam',
				sort: 'priority',
				dir: 'asc'
			},
			columns: ['subject', 'tags'],
			problems: []
		});
	});

	it('clears a filter of the view with "any"', () => {
		expect(parse('view=mine&status=any').overrides).toEqual({ status: null });
	});

	it('writes a state back as the URL it was read from', () => {
		const search =
			`?view=team:${agentId}&status=pending&assignee=any&tags=a,b&tagmatch=all` +
			`&updated=2026-01-01..&q=two%20words&sort=relevance&cols=subject,status`;
		const state = parse(search);
		expect(state.problems).toEqual([]);
		expect(queueSearch(state)).toBe(search);
		expect(parse(queueSearch(state))).toEqual(state);
	});

	it('leaves the default view out of the URL', () => {
		expect(queueSearch({ view: 'open', overrides: {} })).toBe('');
	});
});

describe('a bad parameter', () => {
	const cases: [string, string][] = [
		[
			'status=open,archived',
			'There is no status “archived”. Statuses are Open, Pending, On hold, Solved, Closed.'
		],
		[
			'priority=critical',
			'There is no priority “critical”. Priorities are Low, Normal, High, Urgent.'
		],
		['assignee=bob', 'The assignee filter takes “me”, “none” or an agent, not “bob”.'],
		['team=me', 'The team filter takes “none” or a team, not “me”.'],
		["customer=1'%20or%201=1", "The customer filter takes customers, not “1' or 1=1”."],
		[
			'created=yesterday',
			'The created filter needs a real date, not “yesterday”, like 7d or 2026-01-01..2026-01-31.'
		],
		[
			'created=2026-01-01..2026-01-02..2026-01-03',
			'The created filter needs dates like 2026-01-01..2026-01-31, like 7d or 2026-01-01..2026-01-31.'
		],
		[
			'created=2026-02-30',
			'The created filter needs a real date, not “2026-02-30”, like 7d or 2026-01-01..2026-01-31.'
		],
		[
			'updated=2026-03-01..2026-02-01',
			'The updated filter needs a range that starts before it ends, like 7d or 2026-01-01..2026-01-31.'
		],
		[
			'updated=0d',
			'The updated filter needs a number of days from 1d to 3650d, like 7d or 2026-01-01..2026-01-31.'
		],
		[`q=${'a'.repeat(5000)}`, 'A search is at most 200 characters; this one has 5,000.'],
		['q=%26%7C!%3A*()', 'The search has no words to look for.'],
		['sort=password', 'Tickets cannot be sorted by “password”.'],
		['sort=relevance', 'Sorting by relevance needs a search.'],
		['dir=sideways', 'The sort direction is asc or desc.'],
		['tagmatch=most', 'Tags match “any” or “all”.'],
		['tags=' + 'x'.repeat(51), `The tag “${'x'.repeat(40)}” is longer than 50 characters.`],
		[
			'cols=subject,salary',
			'There is no column “salary”. Columns are Subject, Status, Priority, SLA, Customer, Assignee, Team, Tags, Created, Updated.'
		],
		['status=', 'The status filter is empty.']
	];
	for (const [search, message] of cases) {
		it(`is left out and named: ${search.slice(0, 40)}`, () => {
			const state = parse(`view=pending&${search}&customer=${agentId}`);
			expect(state.problems).toEqual([message]);
			expect(state.view).toBe('pending');
			// The other parameters still apply.
			if (!search.startsWith('customer')) expect(state.overrides.customer).toEqual([agentId]);
		});
	}

	it('takes SQL-looking and tsquery-breaking words as a search, for the database to word-split', () => {
		expect(parse("q=invoice'%3B%20drop%20table%20tickets%3B--").overrides.search).toBe(
			"invoice'; drop table tickets;--"
		);
		expect(parse('q=a%20%26%20b%20%7C%20!c').overrides.search).toBe('a & b | !c');
	});
});

describe('date ranges', () => {
	it('are days back, a range, an open range or one day', () => {
		expect(parseDateRange('30d')).toEqual({ days: 30 });
		expect(parseDateRange('2026-01-01..2026-01-31')).toEqual({
			from: '2026-01-01',
			to: '2026-01-31'
		});
		expect(parseDateRange('..2026-01-31')).toEqual({ to: '2026-01-31' });
		expect(parseDateRange('2026-01-05')).toEqual({ from: '2026-01-05', to: '2026-01-05' });
	});
});
