// A real PostgreSQL through `pg`: a pool for requests, one dedicated connection for LISTEN.
import pg from 'pg';
import { pgParser } from './parsers';
import type { Database, Queryable, SqlParam } from './types';

const types = { getTypeParser: (oid: number) => pgParser(oid) };

const asQueryable = (client: pg.Pool | pg.PoolClient): Queryable => ({
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

export async function openPostgres(connectionString: string, poolSize = 10): Promise<Database> {
	const pool = new pg.Pool({ connectionString, max: poolSize, types });
	// A pool error on an idle client must not crash the process; the next checkout reconnects.
	pool.on('error', () => {});
	await pool.query('select 1');

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
		async transaction(work, { readOnly = false } = {}) {
			const client = await pool.connect();
			try {
				await client.query(readOnly ? 'begin read only' : 'begin');
				const result = await work(asQueryable(client));
				await client.query('commit');
				return result;
			} catch (error) {
				await client.query('rollback').catch(() => {});
				throw error;
			} finally {
				client.release();
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
			await pool.end();
		}
	};
}
