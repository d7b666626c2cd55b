// The embedded database: PGlite (PostgreSQL compiled to WASM), in memory or in a data folder.
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { Mutex } from './mutex';
import { pgliteParsers } from './parsers';
import { runPgliteBatch } from './pglite-batch';
import { PreparedNames } from './prepared-names';
import type { Database, Queryable, QueryResult, SqlParam, Statement } from './types';

export interface PgliteOptions {
	/** A folder to keep the database in; omitted means in memory. */
	dataDir?: string;
	/** A data folder image (from `dumpDataDir`) to start from instead of an empty cluster. */
	image?: Blob;
}

const wrap = (target: PGlite | Transaction): Omit<Queryable, 'batch'> => ({
	async query<Row>(sql: string, params: SqlParam[] = []) {
		const result = await target.query<Row>(sql, params);
		return {
			rows: result.rows,
			fields: result.fields,
			affectedRows: result.affectedRows ?? 0
		} satisfies QueryResult<Row>;
	},
	async exec(sql: string) {
		await target.exec(sql);
	}
});

export interface PgliteDatabase extends Database {
	/** A compressed image of the whole data folder, for starting copies quickly. */
	dump(): Promise<Blob>;
}

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDatabase> {
	const pg = await PGlite.create({
		dataDir: options.dataDir,
		loadDataDir: options.image,
		extensions: { pgcrypto, uuid_ossp },
		parsers: pgliteParsers
	});
	const lock = new Mutex();
	const direct = wrap(pg);
	// One connection, so one set of prepared statements, used inside and outside transactions.
	const names = new PreparedNames('stack_batch_');
	const batch = (statements: Statement[]) => runPgliteBatch(pg, names, statements);

	return {
		kind: 'pglite',
		query: (sql, params) => lock.run(() => direct.query(sql, params)),
		exec: (sql) => lock.run(() => direct.exec(sql)),
		batch: (statements) => lock.run(() => batch(statements)),
		transaction: (work, { readOnly = false, rollback = false } = {}) =>
			lock.run(() =>
				pg.transaction(async (tx) => {
					if (readOnly) await tx.exec('set transaction read only');
					const result = await work({ ...wrap(tx), batch });
					if (rollback) await tx.rollback();
					return result;
				})
			),
		listen: async (channel, onNotify) => {
			const stop = await lock.run(() => pg.listen(channel, onNotify));
			return () => lock.run(() => stop());
		},
		dump: () => lock.run(() => pg.dumpDataDir('gzip')),
		close: () => lock.run(() => pg.close())
	};
}
