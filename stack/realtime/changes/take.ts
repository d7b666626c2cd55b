// One round trip per batch of committed transactions: _stack.realtime_take deletes their captured
// rows and checks them against every table's plan in the same statement. Inserts into
// realtime.messages then go to the database broadcast, the other changes to their subscriptions.
import type { Database } from '../../db';
import { toVerdicts, type RawVerdicts } from './authorize';
import type { Dispatcher } from './dispatch';
import {
	groupByTransaction,
	type CapturedChange,
	type CommittedTransaction,
	type TakeTransactions,
	type TakenRow
} from './feed';

export interface TakeHandlers {
	dispatcher: Dispatcher;
	/** False while nobody listens: the changes are then dropped unread. */
	wanted(): boolean;
	/** Committed inserts into realtime.messages, in commit order. */
	broadcast(messages: CapturedChange[]): void;
}

const isMessage = (change: CapturedChange) =>
	change.schema === 'realtime' && change.table === 'messages';

export function createTake(db: Database, handlers: TakeHandlers): TakeTransactions {
	return async (txids) => {
		const txidList = `{${txids.join(',')}}`;
		if (!handlers.wanted()) {
			await db.query('delete from _stack.realtime_changes where txid = any($1::bigint[])', [
				txidList
			]);
			return;
		}
		const plans = await handlers.dispatcher.plans();
		const { rows } = await db.query<{
			taken: { rows: TakenRow[]; verdicts: Record<string, RawVerdicts> };
		}>('select _stack.realtime_take($1::bigint[], $2::jsonb) as taken', [txidList, plans.json]);
		const taken = rows[0].taken;
		const messages: CapturedChange[] = [];
		const transactions: CommittedTransaction[] = [];
		for (const transaction of groupByTransaction(txids, taken.rows)) {
			messages.push(...transaction.changes.filter(isMessage));
			const changes = transaction.changes.filter((change) => !isMessage(change));
			if (changes.length > 0) transactions.push({ ...transaction, changes });
		}
		if (messages.length > 0) handlers.broadcast(messages);
		const verdicts = Object.fromEntries(
			Object.entries(taken.verdicts).map(([relid, raw]) => [relid, toVerdicts(raw)])
		);
		handlers.dispatcher.deliver(transactions, verdicts, plans);
	};
}
