// A batch on PGlite as one call into the database: Parse/Bind/Describe/Execute for each statement
// (no Describe for a statement already prepared and described, see prepared-names.ts) and a single
// Sync in one protocol message, so the statements share one transaction (an implicit one, or the
// caller's) and the first error skips the rest, as on PostgreSQL.
import { types, type PGlite } from '@electric-sql/pglite';
import type { BatchMessage } from './pglite-message';
import { affectedRowsOf } from './postgres-batch';
import { readReply } from './pglite-reply';
import type { NameUse, PreparedNames } from './prepared-names';
import type { Field, QueryResult, Statement } from './types';

/** The answer's pieces as one buffer; one piece, the usual case, as it is. */
function concat(parts: Uint8Array[]): Uint8Array {
	if (parts.length === 1) return parts[0];
	const joined = new Uint8Array(parts.reduce((size, part) => size + part.length, 0));
	let offset = 0;
	for (const part of parts) {
		joined.set(part, offset);
		offset += part.length;
	}
	return joined;
}

/** Where a notification that arrives in a batch's answer goes: PGlite delivers only those it parses. */
export type Notify = (channel: string, payload: string) => void;

function collect(
	reply: Uint8Array,
	parsers: PGlite['parsers'],
	statements: Statement[],
	names: PreparedNames,
	uses: NameUse[],
	notify: Notify
): QueryResult[] {
	const results: QueryResult[] = [];
	// A statement run without a Describe answers with the columns its name has kept.
	let fields: readonly Field[] = uses[0]?.fields ?? [];
	let rows: Record<string, unknown>[] = [];
	readReply(reply, {
		rowDescription(described) {
			fields = described;
			names.described(uses[results.length], fields);
		},
		dataRow(values) {
			const raw = statements[results.length]?.rawText === true;
			const row: Record<string, unknown> = {};
			for (let i = 0; i < values.length; i++)
				row[fields[i].name] = raw
					? values[i]
					: types.parseType(values[i], fields[i].dataTypeID, parsers);
			rows.push(row);
		},
		commandComplete(tag) {
			results.push({ rows, fields: [...fields], affectedRows: affectedRowsOf(tag) });
			fields = uses[results.length]?.fields ?? [];
			rows = [];
		},
		emptyQuery() {
			results.push({ rows: [], fields: [], affectedRows: 0 });
			fields = uses[results.length]?.fields ?? [];
		},
		notification: notify
	});
	return results;
}

export interface BatchContext {
	/** The database's message buffer, written again for each batch. */
	message: BatchMessage;
	notify: Notify;
	inTransaction: boolean;
}

/**
 * Runs `statements` as one batch; the caller holds the database's lock. Outside a transaction that
 * lock keeps every other caller off the connection already; inside one the transaction's own queries
 * may run alongside (a PGlite query is several calls), so the batch also takes PGlite's query lock.
 */
export async function runPgliteBatch(
	pg: PGlite,
	names: PreparedNames,
	statements: Statement[],
	{ message, notify, inTransaction }: BatchContext
): Promise<QueryResult[]> {
	message.reset();
	for (const name of names.takeClosing()) message.closeStatement(name);
	const parsed: string[] = [];
	const uses: NameUse[] = [];
	for (const statement of statements) {
		const use = names.use(statement);
		const { name } = use;
		uses.push(use);
		if (use.parse) {
			message.parse(name, statement.sql);
			if (name) parsed.push(name);
		}
		message.bind(name, statement.params ?? []);
		if (use.fields === undefined) message.describePortal();
		message.execute();
	}
	message.sync();
	try {
		// The answer arrives in pieces that are views of PGlite's memory, valid only during the call.
		// No sync to the file system after it: the stack's file systems (memory, a node folder) write
		// through, their sync does nothing, and skipping it saves a chain of promises per batch.
		const reply: Uint8Array[] = [];
		// Outside a transaction PGlite reads the messages before this function first waits; inside one
		// another batch may write the database's message buffer while this one waits for the lock.
		const bytes = inTransaction ? message.bytes.slice() : message.bytes;
		const call = () =>
			pg.execProtocolRawStream(bytes, {
				syncToFs: false,
				onRawData: (data) => reply.push(data.slice())
			});
		await (inTransaction ? pg.runExclusive(call) : call());
		return collect(concat(reply), pg.parsers, statements, names, uses, notify);
	} catch (error) {
		names.forget(parsed);
		throw error;
	}
}
