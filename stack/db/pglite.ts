// The embedded database: PGlite (PostgreSQL compiled to WASM), in memory or in a data folder.
import { PGlite, protocol, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto';
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp';
import { Mutex } from './mutex';
import { pgliteParsers } from './parsers';
import { runPgliteBatch } from './pglite-batch';
import { BatchMessage } from './pglite-message';
import { PreparedNames } from './prepared-names';
import { copyNotSupported, serverError, SimpleQueryCollector } from './simple-query';
import type {
	Database,
	Queryable,
	QueryResult,
	Session,
	SimpleOutcome,
	SqlParam,
	Statement
} from './types';

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

interface BackendMessage {
	name: string;
	text?: string;
	status?: string;
}

/**
 * A session on the one connection: what it leaves behind (an open transaction, its identity, settings,
 * temporary tables) is undone afterwards, so the stack's own statements find the connection as before.
 * PGlite's single-user backend has no login to return to (RESET SESSION AUTHORIZATION keeps whoever
 * was set), so the identity is set back by name.
 */
async function runSession<T>(
	pg: PGlite,
	sessionUser: string,
	work: (session: Session) => Promise<T>
): Promise<T> {
	let status = 'I';
	const simple = async (sql: string): Promise<SimpleOutcome> => {
		const { messages } = await pg.runExclusive(() =>
			pg.execProtocol(protocol.serialize.query(sql), { throwOnError: false })
		);
		const collector = new SimpleQueryCollector();
		for (const message of messages as BackendMessage[]) {
			if (message.name === 'rowDescription') collector.rowDescription();
			else if (message.name === 'dataRow') collector.dataRow();
			else if (message.name === 'commandComplete') collector.commandComplete(message.text ?? '');
			else if (message.name === 'emptyQuery') collector.emptyQuery();
			else if (message.name === 'error') collector.error(serverError(message));
			else if (message.name === 'copyInResponse') collector.error(copyNotSupported);
			else if (message.name === 'readyForQuery') status = message.status ?? 'I';
		}
		return collector.outcome;
	};
	try {
		return await work({ query: wrap(pg).query, simple });
	} finally {
		if (status !== 'I') await simple('rollback');
		await simple(
			`set session authorization '${sessionUser.replace(/'/g, "''")}'; reset all; discard temp`
		);
	}
}

/**
 * The stack's own record of who listens on which channel. PGlite calls its listeners for the
 * notifications it parses itself; a batch reads PGlite's raw answer (pglite-batch.ts), so the
 * notifications found there are delivered from here, to the same callbacks and as PGlite would:
 * by the channel's PostgreSQL name, each callback in a microtask of its own.
 */
class Listeners {
	readonly #byChannel = new Map<string, Set<(payload: string) => void>>();

	add(channel: string, onNotify: (payload: string) => void): () => void {
		const name = postgresName(channel);
		const callbacks = this.#byChannel.get(name) ?? new Set();
		this.#byChannel.set(name, callbacks.add(onNotify));
		return () => {
			callbacks.delete(onNotify);
			if (callbacks.size === 0 && this.#byChannel.get(name) === callbacks)
				this.#byChannel.delete(name);
		};
	}

	readonly notify = (channel: string, payload: string) => {
		for (const onNotify of this.#byChannel.get(channel) ?? [])
			queueMicrotask(() => onNotify(payload));
	};
}

/** The name LISTEN gives an identifier, as PGlite's `listen` computes it. */
function postgresName(channel: string): string {
	return channel.startsWith('"') && channel.endsWith('"')
		? channel.slice(1, -1)
		: channel.toLowerCase();
}

export interface PgliteDatabase extends Database {
	/** A compressed image of the whole data folder, for starting copies quickly. */
	dump(): Promise<Blob>;
}

/**
 * PGlite zeroes its whole shared memory at every start (a byte loop in WASM): at the default 128 MB
 * buffer pool that was most of an in-memory stack's start, and ~0.5 s of CPU when `npm run dev` opens
 * its data folder while vite renders its first page on the same cores. A smaller pool costs little:
 * an in-memory database keeps its pages in memory already, and a data folder's pages stay in the
 * operating system's file cache. Sizes change no SQL semantics, only when pages are written back.
 */
const startParams = [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];

export async function openPglite(options: PgliteOptions = {}): Promise<PgliteDatabase> {
	const pg = await PGlite.create({
		dataDir: options.dataDir,
		loadDataDir: options.image,
		// pg_trgm ships with Supabase's image too; migrations create it when they need it.
		extensions: { pgcrypto, pg_trgm, uuid_ossp },
		parsers: pgliteParsers,
		startParams
	});
	const lock = new Mutex();
	const direct = wrap(pg);
	// One connection, so one set of prepared statements, used inside and outside transactions.
	const names = new PreparedNames('stack_batch_');
	const listeners = new Listeners();
	const message = new BatchMessage();
	const batch = (statements: Statement[], inTransaction: boolean) =>
		runPgliteBatch(pg, names, statements, { message, notify: listeners.notify, inTransaction });
	let sessionUser: string | undefined;

	return {
		kind: 'pglite',
		query: (sql, params) => lock.run(() => direct.query(sql, params)),
		exec: (sql) => lock.run(() => direct.exec(sql)),
		batch: (statements) => lock.run(() => batch(statements, false)),
		transaction: (work, { readOnly = false, rollback = false } = {}) =>
			lock.run(() =>
				pg.transaction(async (tx) => {
					if (readOnly) await tx.exec('set transaction read only');
					const result = await work({
						...wrap(tx),
						batch: (statements) => batch(statements, true)
					});
					if (rollback) await tx.rollback();
					return result;
				})
			),
		session: (work) =>
			lock.run(async () => {
				sessionUser ??= (await direct.query<{ name: string }>('select session_user as name'))
					.rows[0].name;
				return runSession(pg, sessionUser, work);
			}),
		listen: async (channel, onNotify) => {
			const stop = await lock.run(() => pg.listen(channel, onNotify));
			const forget = listeners.add(channel, onNotify);
			return () => {
				forget();
				return lock.run(() => stop());
			};
		},
		dump: () => lock.run(() => pg.dumpDataDir('gzip')),
		close: () => lock.run(() => pg.close())
	};
}
