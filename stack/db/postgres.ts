// A real PostgreSQL through `pg`: pipelined connections for auto-commit batches (each request's
// statements), a pool for the rest and for batches no lane takes, one dedicated connection for LISTEN.
import pg from 'pg';
import { pgParser } from './parsers';
import { endsConnection, runBatch } from './postgres-batch';
import { Pipeline } from './postgres-pipeline';
import { runSimple } from './postgres-simple';
import type { Database, Queryable, QueryResult, SqlParam, Statement } from './types';

const types = { getTypeParser: (oid: number) => pgParser(oid) };

export interface PostgresOptions {
	/** Pooled connections, for transactions, single queries and scripts, and batches no lane takes. */
	poolSize?: number;
	/**
	 * Pipelined connections for batches (see postgres-pipeline.ts). As many as the pool has, so
	 * that batches share one only when that many are in flight: a burst of a page's requests runs
	 * side by side, as it did on the pool.
	 */
	lanes?: number;
	/** Batches a lane holds at once: shallow, so that a batch that gets stuck holds few others. */
	depth?: number;
	/**
	 * Milliseconds the batch at a lane's head may go unanswered before the lane takes no more: a
	 * few times what a healthy lane needs to answer its head under load (well under 1 ms at the
	 * server, a turn or two of the stack's event loop), and far below what a page's user notices.
	 */
	stall?: number;
}

const asQueryable = (client: pg.Pool | pg.ClientBase): Omit<Queryable, 'batch'> => ({
	async query<Row>(sql: string, params: SqlParam[] = []) {
		const result = await client.query({ text: sql, values: params, types });
		return {
			rows: result.rows as Row[],
			fields: result.fields.map(({ name, dataTypeID }) => ({ name, dataTypeID })),
			affectedRows: result.command === 'SELECT' ? 0 : (result.rowCount ?? 0)
		};
	},
	async exec(sql: string) {
		await client.query(sql);
	}
});

/**
 * The queries of one transaction on a checked-out client. BEGIN is not a round trip of its own: it
 * travels in the same batch as the transaction's first query.
 */
function transactionOn(client: pg.PoolClient, begin: string) {
	const direct = asQueryable(client);
	let begun = false;
	const beginning = (statements: Statement[]) => {
		if (begun) return statements;
		begun = true;
		return [{ sql: begin }, ...statements];
	};
	const tx: Queryable = {
		async query<Row>(sql: string, params: SqlParam[] = []) {
			if (begun) return direct.query<Row>(sql, params);
			const [, result] = await runBatch(client, beginning([{ sql, params }]));
			return result as QueryResult<Row>;
		},
		async exec(sql: string) {
			if (!begun) await runBatch(client, beginning([]));
			await direct.exec(sql);
		},
		async batch(statements) {
			const sent = beginning(statements);
			const results = await runBatch(client, sent);
			return results.slice(sent.length - statements.length);
		}
	};
	return { tx, begun: () => begun };
}

export async function openPostgres(
	connectionString: string,
	{ poolSize = 10, lanes = poolSize, depth = 4, stall = 5 }: PostgresOptions = {}
): Promise<Database> {
	const pool = new pg.Pool({ connectionString, max: poolSize, types });
	// A pool error on an idle client must not crash the process; the next checkout reconnects. Nor
	// may one on a checked-out client, whose query fails with it.
	pool.on('error', () => {});
	pool.on('connect', (client) => client.on('error', () => {}));
	await pool.query('select 1');
	const pooled = async (statements: Statement[]) => {
		const client = await pool.connect();
		let lost: Error | undefined;
		try {
			return await runBatch(client, statements);
		} catch (error) {
			// Released with the error, the pool drops it rather than lend it before its socket ends.
			if (endsConnection(error)) lost = error as Error;
			throw error;
		} finally {
			client.release(lost);
		}
	};
	const pipeline = new Pipeline(connectionString, types, { lanes, depth, stall }, pooled);

	const listeners = new Map<string, Set<(payload: string) => void>>();
	let listener: pg.Client | undefined;
	const ensureListener = async () => {
		if (listener) return listener;
		const client = new pg.Client({ connectionString });
		await client.connect();
		client.on('notification', ({ channel, payload }) => {
			for (const notify of listeners.get(channel) ?? []) notify(payload ?? '');
		});
		client.on('error', () => {});
		listener = client;
		return client;
	};
	const direct = asQueryable(pool);

	return {
		kind: 'postgres',
		query: direct.query,
		exec: direct.exec,
		batch: (statements) => pipeline.batch(statements),
		async transaction(work, { readOnly = false, rollback = false } = {}) {
			const client = await pool.connect();
			const { tx, begun } = transactionOn(client, readOnly ? 'begin read only' : 'begin');
			try {
				const result = await work(tx);
				if (begun()) await client.query(rollback ? 'rollback' : 'commit');
				return result;
			} catch (error) {
				if (begun()) await client.query('rollback').catch(() => {});
				throw error;
			} finally {
				client.release();
			}
		},
		async session(work) {
			// A connection of its own, closed afterwards, so nothing the session changed outlives it.
			const client = new pg.Client({ connectionString, types });
			client.on('error', () => {});
			await client.connect();
			try {
				return await work({
					query: asQueryable(client).query,
					simple: (sql) => runSimple(client, sql)
				});
			} finally {
				await client.end().catch(() => {});
			}
		},
		async listen(channel, onNotify) {
			const client = await ensureListener();
			let set = listeners.get(channel);
			if (!set) {
				set = new Set();
				listeners.set(channel, set);
				await client.query(`listen ${pg.escapeIdentifier(channel)}`);
			}
			set.add(onNotify);
			return async () => {
				set.delete(onNotify);
				if (set.size === 0 && listeners.get(channel) === set) {
					listeners.delete(channel);
					await client.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => {});
				}
			};
		},
		async close() {
			await listener?.end().catch(() => {});
			await pipeline.close();
			await pool.end();
		}
	};
}
