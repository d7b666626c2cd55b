// Follows the changes capture.sql records: each NOTIFY names a committed transaction, and the feed
// hands the transactions named so far to its handler, which takes their rows out of the capture
// table (in one statement with their checks, see take.ts), strictly in commit order and one batch
// at a time. Works the same on PGlite (notifications arrive right after the committing statement)
// and on PostgreSQL (through the listening connection).
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

/** A captured row as _stack.realtime_take returns it. */
export interface TakenRow extends CapturedChange {
	txid: number;
	capturedMs: number;
}

export interface Feed {
	close(): Promise<void>;
}

const channel = '_stack_realtime_changes';

/** Takes the committed transactions `txids` (in commit order) out of the capture table. */
export type TakeTransactions = (txids: number[]) => Promise<void>;

export async function startFeed(
	db: Database,
	take: TakeTransactions,
	log: (line: string) => void
): Promise<Feed> {
	const pending: number[] = [];
	let running: Promise<void> | undefined;
	let closed = false;

	async function drain() {
		while (pending.length > 0 && !closed) {
			try {
				await take(pending.splice(0, pending.length));
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
export function groupByTransaction(txids: number[], rows: TakenRow[]): CommittedTransaction[] {
	const byTxid = new Map<number, TakenRow[]>();
	for (const row of rows) {
		const txid = Number(row.txid);
		const list = byTxid.get(txid) ?? [];
		list.push(row);
		byTxid.set(txid, list);
	}
	const transactions: CommittedTransaction[] = [];
	for (const txid of txids) {
		const list = byTxid.get(txid);
		if (!list) continue;
		const committedMs = Math.max(...list.map((r) => r.capturedMs));
		transactions.push({
			commitTimestamp: new Date(committedMs).toISOString(),
			changes: list.map(({ relid, schema, table, type, record, old }) => ({
				relid: Number(relid),
				schema,
				table,
				type,
				record,
				old
			}))
		});
	}
	return transactions;
}
