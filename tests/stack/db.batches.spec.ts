// Batches sent at the same time (on PostgreSQL they share pipelined connections, several in flight on
// one): each stays its own transaction and gets its own answers, an error fails only its own batch,
// and a connection that dies fails the batches on it and is replaced. A lane whose head goes
// unanswered takes no more: the batches after it go to the pool rather than wait behind it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../../stack/db/pglite';
import { openPostgres } from '../../stack/db/postgres';
import type { Database, Statement } from '../../stack/db/types';
import { freshPostgresDatabase, onPostgres } from '../support/stack';

// More at once than the pipelined connections hold (10 × 4), so that some go to the pool.
const atOnce = 48;

let db: Database;
// On PostgreSQL, every batch on one connection, several in flight on it; on PGlite the same database.
let oneLane: Database;
let url = '';
let drop: (() => Promise<void>) | undefined;
beforeAll(async () => {
	if (onPostgres) {
		const database = await freshPostgresDatabase();
		({ url, drop } = database);
		db = await openPostgres(url);
		// A lane that never counts as stalled, so that it takes them all however slow the machine.
		oneLane = await openPostgres(url, { lanes: 1, depth: 2 * atOnce, stall: Infinity });
	} else db = oneLane = await openPglite();
	await db.exec('create table notes (id int primary key, body text not null)');
});
afterAll(async () => {
	if (oneLane !== db) await oneLane?.close();
	await db?.close();
	await drop?.();
});

const indexes = Array.from({ length: atOnce }, (_, i) => i);

describe('batches sent at once', () => {
	it('each run as a transaction of their own, with their own answers; a failure undoes only its own', async () => {
		const batch = (i: number) =>
			db.batch([
				{ sql: `select set_config('app.n', $1, true)`, params: [String(i)], prepareKey: 'k' },
				{
					sql: 'insert into notes (id, body) values ($1, $2)',
					params: [i, `n${i}`],
					prepareKey: 'k'
				},
				// Every third fails after its insert.
				{ sql: 'select 1 / $1::int as one', params: [i % 3 === 2 ? 0 : 1], prepareKey: 'k' },
				{ sql: `select current_setting('app.n') as n, count(*)::int as notes from notes` }
			]);
		const outcomes = await Promise.allSettled(indexes.map(batch));
		for (const i of indexes) {
			const outcome = outcomes[i];
			if (i % 3 === 2) expect(outcome).toMatchObject({ reason: { code: '22012' } });
			else if (outcome.status === 'rejected') throw outcome.reason;
			else expect(outcome.value[3].rows[0].n).toBe(String(i));
		}
		const kept = await db.batch([
			{ sql: 'select array_agg(id order by id) as ids from notes' },
			{ sql: `select current_setting('app.n', true) as n` }
		]);
		expect(kept[0].rows[0].ids).toEqual(indexes.filter((i) => i % 3 !== 2));
		expect(kept[1].rows[0].n ?? '').toBe('');
	});

	it('run a prepared statement even when the batch that first parsed it failed before the Parse', async () => {
		// A batch that fails never creates the statement's name on the connection; the one right
		// behind it must not count on it.
		const statement: Statement = {
			sql: 'select $1::int * 3 as n',
			params: [7],
			prepareKey: 'after failure'
		};
		const outcomes = await Promise.allSettled(
			indexes.flatMap(() => [
				oneLane.batch([{ sql: 'select 1 / 0' }, statement]),
				oneLane.batch([statement])
			])
		);
		for (const i of indexes) {
			expect(outcomes[2 * i]).toMatchObject({ reason: { code: '22012' } });
			expect(outcomes[2 * i + 1]).toMatchObject({ value: [{ rows: [{ n: 21 }] }] });
		}
		for (const result of await Promise.all(indexes.map(() => oneLane.batch([statement]))))
			expect(result[0].rows).toEqual([{ n: 21 }]);
	});
});

describe.skipIf(!onPostgres)('a batch on PostgreSQL', () => {
	const answers = () =>
		Promise.all(indexes.map((i) => db.batch([{ sql: 'select $1::int as i', params: [i] }])));
	const expected = indexes.map((i) => [
		{ rows: [{ i }], fields: [{ name: 'i', dataTypeID: 23 }], affectedRows: 0 }
	]);

	it('whose connection dies fails, and the batches after it get a new connection', async () => {
		// Each lane's first kills its backend (57P01); the rest on that lane fail with the connection.
		const killers = indexes.map(() =>
			db.batch([{ sql: 'select pg_terminate_backend(pg_backend_pid())' }])
		);
		const outcomes = await Promise.allSettled(killers);
		expect(outcomes.every(({ status }) => status === 'rejected')).toBe(true);
		expect(outcomes).toContainEqual(
			expect.objectContaining({ reason: expect.objectContaining({ code: '57P01' }) })
		);
		expect(await answers()).toEqual(expected);
	});

	it('that kills its own backend takes no later batch down with it', async () => {
		// The batch fails at the server's FATAL message, and the socket ends a moment later: in
		// between, neither the pool nor a lane may lend the connection to the next batch.
		const kill: Statement = { sql: 'select pg_terminate_backend(pg_backend_pid())' };
		const one: Statement[] = [{ sql: 'select 1 as one' }];
		const poolOnly = await openPostgres(url, { poolSize: 1, lanes: 0 });
		const laneOnly = await openPostgres(url, { lanes: 1 });
		try {
			const [killed, waiting] = await Promise.allSettled([
				poolOnly.batch([kill]),
				poolOnly.batch(one)
			]);
			expect(killed).toMatchObject({ reason: { code: '57P01' } });
			expect(waiting).toMatchObject({ value: [{ rows: [{ one: 1 }] }] });
			await expect(laneOnly.batch([kill])).rejects.toMatchObject({ code: '57P01' });
			expect((await laneOnly.batch(one))[0].rows).toEqual([{ one: 1 }]);
		} finally {
			await poolOnly.close();
			await laneOnly.close();
		}
	});

	it('refuses COPY FROM STDIN, and the batches after it still get their own answers', async () => {
		const refused = expect(db.batch([{ sql: 'copy notes from stdin' }])).rejects.toThrow(
			'COPY FROM STDIN is not supported in a batch'
		);
		// Those on its connection fail with it; none gets another batch's answers.
		const after = await Promise.allSettled(
			indexes.map((i) => db.batch([{ sql: 'select $1::int as i', params: [i] }]))
		);
		await refused;
		for (const i of indexes)
			if (after[i].status === 'fulfilled') expect(after[i].value).toEqual(expected[i]);
		expect(await answers()).toEqual(expected);
	});
});

describe.skipIf(!onPostgres)('a lane on PostgreSQL', () => {
	const pidOf = async (on: Database) =>
		(await on.batch([{ sql: 'select pg_backend_pid() as pid' }]))[0].rows[0].pid as number;

	it('takes batches behind the one it answers next, up to its depth; the pool takes the rest', async () => {
		const shallow = await openPostgres(url, { lanes: 1, depth: 2, stall: Infinity });
		try {
			const [first, second, third] = await Promise.all([1, 2, 3].map(() => pidOf(shallow)));
			expect(second).toBe(first);
			expect(third).not.toBe(first);
		} finally {
			await shallow.close();
		}
	});

	it('whose head waits for a lock takes no more: the batch after it is answered meanwhile', async () => {
		// Stalled as soon as its head goes unanswered at all, so that how long the wait below took
		// does not matter.
		const stuck = await openPostgres(url, { lanes: 1, stall: 0 });
		const lock = 17;
		try {
			const lanePid = await pidOf(stuck);
			const waits = async () =>
				(
					await db.query<{ waits: boolean }>(
						`select exists (select from pg_locks where locktype = 'advisory' and objid = $1
						  and pid = $2 and not granted) as waits`,
						[lock, lanePid]
					)
				).rows[0].waits;
			await db.session(async (holder) => {
				await holder.query('select pg_advisory_lock($1)', [lock]);
				let firstOver = false;
				// The lock timeout only ends the wait of a code that queues the next batch behind it.
				const first = stuck
					.batch([
						{ sql: `select set_config('lock_timeout', '30s', true)` },
						{ sql: 'select pg_advisory_xact_lock($1), pg_backend_pid() as pid', params: [lock] }
					])
					.finally(() => (firstOver = true));
				first.catch(() => {});
				// The lane's backend waits for the lock before the next batch is sent.
				while (!(await waits()));
				const second = await pidOf(stuck);
				expect(firstOver).toBe(false);
				expect(second).not.toBe(lanePid);
				expect(await waits()).toBe(true);
				await holder.query('select pg_advisory_unlock($1)', [lock]);
				expect((await first)[1].rows[0].pid).toBe(lanePid);
			});
		} finally {
			await stuck.close();
		}
	});
});
