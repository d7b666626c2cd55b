// Reads the changes capture.sql records: each NOTIFY names a committed transaction, and the feed takes
// that transaction's rows (in the order they were written) and deletes them, handing transactions on
// strictly in commit order. Works the same on PGlite (notifications arrive right after the committing
// statement) and on PostgreSQL (through the listening connection).
import type { Database } from '../../db';
import type { ChangeEvent } from './filters';

export interface CapturedChange {
	relid: number;
	schema: string;
	table: string;
	type: ChangeEvent;
	/** The new row as `to_jsonb(NEW)`; null for DELETE. */
	record: Record<string, unknown> | null;
	/** The whole old row as `to_jsonb(OLD)`; null for INSERT. */
	old: Record<string, unknown> | null;
}

export interface CommittedTransaction {
	/** When its last change was written, as Supabase prints commit timestamps. */
	commitTimestamp: string;
	changes: CapturedChange[];
}

export interface Feed {
	close(): Promise<void>;
}

const channel = '_stack_realtime_changes';

interface CapturedRow {
	id: number;
	txid: number;
	relid: number;
	schema_name: string;
	table_name: string;
	action: ChangeEvent;
	record: Record<string, unknown> | null;
	old_record: Record<string, unknown> | null;
	captured_ms: number;
}

export interface FeedHandler {
	/** False while nobody subscribes: the rows are then dropped without being read. */
	wanted(): boolean;
	deliver(transactions: CommittedTransaction[]): Promise<void>;
}

export async function startFeed(
	db: Database,
	handler: FeedHandler,
	log: (line: string) => void
): Promise<Feed> {
	const pending: number[] = [];
	let running: Promise<void> | undefined;
	let closed = false;

	async function drain() {
		while (pending.length > 0 && !closed) {
			const txids = pending.splice(0, pending.length);
			try {
				const txidList = `{${txids.join(',')}}`;
				if (!handler.wanted()) {
					await db.query('delete from _stack.realtime_changes where txid = any($1::bigint[])', [
						txidList
					]);
					continue;
				}
				const { rows } = await db.query<CapturedRow>(
					`delete from _stack.realtime_changes where txid = any($1::bigint[])
					 returning id, txid, relid::int8 as relid, schema_name, table_name, action, record, old_record,
					   (extract(epoch from captured_at) * 1000)::float8 as captured_ms`,
					[txidList]
				);
				await handler.deliver(group(txids, rows));
			} catch (error) {
				if (!closed) log(`realtime: delivering changes failed: ${(error as Error).stack ?? error}`);
			}
		}
	}

	const stopListening = await db.listen(channel, (payload) => {
		const txid = Number(payload);
		if (!Number.isSafeInteger(txid) || closed) return;
		pending.push(txid);
		running ??= drain().finally(() => (running = undefined));
	});

	// Publication changes made while the stack was down, and changes nobody could receive.
	await db.query('select _stack.realtime_sync_triggers()');
	await db.query('delete from _stack.realtime_changes');

	return {
		async close() {
			closed = true;
			await stopListening();
			await running;
		}
	};
}

/** Rows grouped per transaction, transactions in notification (commit) order, rows in write order. */
function group(txids: number[], rows: CapturedRow[]): CommittedTransaction[] {
	const byTxid = new Map<number, CapturedRow[]>();
	for (const row of rows) {
		const list = byTxid.get(row.txid) ?? [];
		list.push(row);
		byTxid.set(row.txid, list);
	}
	const transactions: CommittedTransaction[] = [];
	for (const txid of txids) {
		const list = byTxid.get(txid);
		if (!list) continue;
		list.sort((a, b) => a.id - b.id);
		const committedMs = Math.max(...list.map((r) => r.captured_ms));
		transactions.push({
			commitTimestamp: new Date(committedMs).toISOString(),
			changes: list.map((r) => ({
				relid: r.relid,
				schema: r.schema_name,
				table: r.table_name,
				type: r.action,
				record: r.record,
				old: r.old_record
			}))
		});
	}
	return transactions;
}
