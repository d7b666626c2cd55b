// From committed transactions to postgres_changes pushes: for each table with subscribers, one
// authorization call checks the batch's changes for every distinct claims set at once (not one query
// per socket), then each change goes, in commit order, to the subscriptions whose event, filters,
// column privileges and RLS let it through.
import type { Database } from '../../db';
import { authorize, type ClaimsCheck, type Verdicts } from './authorize';
import type { CommittedTransaction, CapturedChange } from './feed';
import type { Filter } from './filters';
import { buildData, errorData, type ChangeForPayload } from './payload';
import type { Subscriber, Subscription, SubscriptionRegistry } from './subscriptions';

interface TableBatch {
	relid: number;
	subscriptions: Subscription[];
	changes: { change: CapturedChange; commitTimestamp: string }[];
	filters: Filter[];
	/** Per subscription: its filters' indexes in `filters`, and its claims check's index. */
	plan: Map<Subscription, { filters: number[]; check: number }>;
	checks: ClaimsCheck[];
}

const filterKey = (f: Filter) => JSON.stringify([f.column, f.op, f.value, f.negate]);

function planBatch(relid: number, subscriptions: Subscription[]): TableBatch {
	const filters: Filter[] = [];
	const filterIndex = new Map<string, number>();
	const checks: ClaimsCheck[] = [];
	const checkIndex = new Map<string, number>();
	const plan = new Map<Subscription, { filters: number[]; check: number }>();
	for (const subscription of subscriptions) {
		const indexes = subscription.binding.filters.map((filter) => {
			const key = filterKey(filter);
			let index = filterIndex.get(key);
			if (index === undefined) {
				index = filters.push(filter) - 1;
				filterIndex.set(key, index);
			}
			return index;
		});
		const claims = subscription.subscriber.claims;
		const claimsKey = JSON.stringify(claims);
		let check = checkIndex.get(claimsKey);
		if (check === undefined) {
			check = checks.push({ claims, groups: [] }) - 1;
			checkIndex.set(claimsKey, check);
		}
		const groups = checks[check].groups;
		if (!groups.some((g) => g.join() === indexes.join())) groups.push(indexes);
		plan.set(subscription, { filters: indexes, check });
	}
	return { relid, subscriptions, changes: [], filters, plan, checks };
}

export function createDispatcher(
	db: Database,
	registry: SubscriptionRegistry,
	log: (line: string) => void
) {
	return async (transactions: CommittedTransaction[]): Promise<void> => {
		if (registry.empty) return;
		const batches = new Map<number, TableBatch>();
		const ordered: { batch: TableBatch; index: number }[] = [];
		for (const transaction of transactions)
			for (const change of transaction.changes) {
				let batch = batches.get(change.relid);
				if (!batch) {
					const subscriptions = registry.forTable(change.relid);
					if (subscriptions.length === 0) continue;
					batch = planBatch(change.relid, subscriptions);
					batches.set(change.relid, batch);
				}
				const index =
					batch.changes.push({ change, commitTimestamp: transaction.commitTimestamp }) - 1;
				ordered.push({ batch, index });
			}
		if (ordered.length === 0) return;

		const verdicts = new Map<TableBatch, Verdicts>();
		await db.transaction(
			async (tx) => {
				for (const batch of batches.values())
					verdicts.set(
						batch,
						await authorize(
							tx,
							batch.relid,
							batch.changes.map(({ change }) => ({
								type: change.type,
								record: change.record,
								old: change.old
							})),
							batch.filters,
							batch.checks
						)
					);
			},
			{ readOnly: true }
		);

		for (const { batch, index } of ordered) {
			const verdict = verdicts.get(batch);
			if (verdict) deliver(batch, index, verdict);
			else log(`realtime: no verdict for a change to table ${batch.relid}`);
		}
	};
}

function deliver(batch: TableBatch, index: number, verdicts: Verdicts): void {
	const { change, commitTimestamp } = batch.changes[index];
	const { shape } = verdicts;
	const forPayload: ChangeForPayload = {
		schema: change.schema,
		table: change.table,
		type: change.type,
		commitTimestamp,
		record: change.record,
		old: verdicts.olds[index]
	};
	const payloads = new Map<string, Record<string, unknown>>();
	const outbox = new Map<Subscriber, Map<string, number[]>>();
	const send = (subscription: Subscription, key: string, build: () => Record<string, unknown>) => {
		if (!payloads.has(key)) payloads.set(key, build());
		const bySubscriber = outbox.get(subscription.subscriber) ?? new Map<string, number[]>();
		outbox.set(subscription.subscriber, bySubscriber);
		const ids = bySubscriber.get(key) ?? [];
		ids.push(subscription.id);
		bySubscriber.set(key, ids);
	};

	for (const subscription of batch.subscriptions) {
		const { binding } = subscription;
		if (binding.event !== '*' && binding.event !== change.type) continue;
		const plan = batch.plan.get(subscription);
		if (!plan) continue;
		const role = batch.checks[plan.check].claims.role;
		const selectable = verdicts.privileges[role] ?? [];
		if (change.type !== 'DELETE') {
			if (shape.pk.length === 0) {
				send(subscription, `400:${role}`, () => errorData(forPayload, 'no-primary-key'));
				continue;
			}
			if (!shape.pk.every((column) => selectable.includes(column))) {
				send(subscription, `401:${role}`, () => errorData(forPayload, 'unauthorized'));
				continue;
			}
		}
		if (!plan.filters.every((f) => verdicts.filters[f]?.[index] === true)) continue;
		if (shape.rls && change.type !== 'DELETE' && !verdicts.visible[plan.check]?.has(index))
			continue;
		const select = binding.select;
		send(subscription, `ok:${role}:${JSON.stringify(select)}`, () =>
			buildData(forPayload, shape, new Set(selectable), select)
		);
	}

	for (const [subscriber, byKey] of outbox)
		for (const [key, ids] of byKey)
			subscriber.deliver(ids, payloads.get(key) as Record<string, unknown>);
}
