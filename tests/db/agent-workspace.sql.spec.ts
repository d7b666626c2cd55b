// The agent workspace's one read (agent_workspace): the caller's teams, the saved views they may
// see, their availability and every view's count, each as the separate reads answered it. Every test
// rolls back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../stack/db';
import { startTestStack, type TestStack } from '../support/stack';
import { demo, projectRoot } from './support/demo';
import { actAs, claimsOf, rolledBack } from './support/sql';

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
});
afterAll(() => stack?.stop());

interface Workspace {
	teams: { id: string; name: string }[];
	saved: { id: string; name: string; owner_id: string; shared: boolean; query: object }[];
	availability: string | null;
	counts: Record<string, { count: number; exact: boolean }> | null;
	counts_error: string | null;
}

const builtIn = { open: { status: ['open', 'pending', 'on_hold'] }, all: {} };
const perTeam = { status: ['open', 'pending', 'on_hold'] };

async function workspace(tx: Queryable, counts = true): Promise<Workspace> {
	const { rows } = await tx.query<{ w: Workspace }>(
		'select public.agent_workspace($1, $2, $3) as w',
		[JSON.stringify(builtIn), JSON.stringify(perTeam), counts]
	);
	return rows[0].w;
}

async function saveView(tx: Queryable, name: string, shared: boolean, query: object) {
	const { rows } = await tx.query<{ id: string }>(
		`insert into public.views (name, shared, query) values ($1, $2, $3) returning id`,
		[name, shared, JSON.stringify(query)]
	);
	return rows[0].id;
}

describe('the agent workspace read', () => {
	it('answers the teams, visible views and availability the separate reads answered', async () => {
		const { got, teams, views, status } = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent2'));
			const hidden = await saveView(tx, 'Agent 2 only', false, { priority: ['low'] });
			await actAs(tx, claimsOf('agent'));
			const own = await saveView(tx, 'Mine urgent', false, { priority: ['urgent'] });
			const teams = await tx.query(
				`select t.id, t.name from public.team_members m join public.teams t on t.id = m.team_id
				 where m.agent_id = $1 order by t.name`,
				[demo.agent.id]
			);
			const views = await tx.query<{ id: string }>(`select id from public.views order by name`);
			const status = await tx.query<{ status: string }>(
				`select status from public.agent_status where agent_id = $1`,
				[demo.agent.id]
			);
			expect(views.rows.map((row) => row.id)).toContain(own);
			expect(views.rows.map((row) => row.id)).not.toContain(hidden);
			return {
				got: await workspace(tx),
				teams: teams.rows,
				views: views.rows,
				status: status.rows
			};
		});
		expect(got.teams).toEqual(teams);
		expect(got.saved.map((view) => view.id)).toEqual(views.map((view) => view.id));
		expect(got.availability).toBe(status[0]?.status ?? null);
	});

	it('counts every view as count_tickets does, keyed as the view list names them', async () => {
		const { got, expected } = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			await saveView(tx, 'Urgent', false, { priority: ['urgent'] });
			const got = await workspace(tx);
			const queries: Record<string, object> = { ...builtIn };
			for (const team of got.teams) queries[`team:${team.id}`] = { ...perTeam, team: [team.id] };
			for (const view of got.saved) queries[view.id] = view.query;
			const { rows } = await tx.query<{ key: string; count: string; exact: boolean }>(
				`select key, count, exact from public.count_tickets($1)`,
				[JSON.stringify(queries)]
			);
			return { got, expected: rows };
		});
		expect(got.teams.length).toBeGreaterThan(0);
		expect(got.saved.length).toBeGreaterThan(0);
		expect(got.counts_error).toBeNull();
		expect(got.counts).toEqual(
			Object.fromEntries(
				expected.map((row) => [row.key, { count: Number(row.count), exact: row.exact }])
			)
		);
	});

	it('skips the counts when asked, and leaves them out with the reason when they cannot be taken', async () => {
		const { skipped, customer } = await rolledBack(stack.db, async (tx) => {
			await actAs(tx, claimsOf('agent'));
			const skipped = await workspace(tx, false);
			await actAs(tx, claimsOf('client'));
			return { skipped, customer: await workspace(tx) };
		});
		expect(skipped.counts).toBeNull();
		expect(skipped.counts_error).toBeNull();
		// count_tickets is for staff: a customer calling this gets no counts, and no teams or views.
		expect(customer.counts).toBeNull();
		expect(customer.counts_error).toMatch(/^42501 /);
		expect(customer.teams).toEqual([]);
		expect(customer.saved).toEqual([]);
	});
});
