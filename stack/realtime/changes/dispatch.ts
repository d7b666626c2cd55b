// From committed transactions to postgres_changes pushes. Per table with subscribers, one database call
// checks the batch's changes for every distinct claims set at once (not one query per socket); then
// each change goes, in commit order, to the subscriptions whose event, filters, column privileges and
// RLS let it through.
import type { Database } from '../../db';
import type { Claims } from '../token';
import { authorize, type LookupCheck, type Verdicts } from './authorize';
import type { CapturedChange, CommittedTransaction } from './feed';
import type { Filter } from './filters';
import { buildData, errorData, type ChangeForPayload } from './payload';
import type { Subscriber, Subscription, SubscriptionRegistry } from './subscriptions';
import type { TableShape, TableShapes } from './table-shapes';

type Row = Record<string, unknown>;

interface Plan {
	filters: number[];
	claims: Claims;
	/** Index in `checks`, when these claims need RLS lookups. */
	check?: number;
}

interface TableBatch {
	relid: number;
	subscriptions: Subscription[];
	changes: { change: CapturedChange; commitTimestamp: string }[];
	shape?: TableShape;
	/** Per role, the columns it may select. */
	selectable: Map<string, ReadonlySet<string>>;
	/** Old rows trimmed to the replica identity, as logical decoding reports them. */
	olds: (Row | null)[];
	filters: Filter[];
	plans: Map<Subscription, Plan>;
	checks: LookupCheck[];
	verdicts?: Verdicts;
}

/** The old row as logical decoding would report it: whole, its identity columns, or nothing. */
function trimToIdentity(old: Row | null, identity: string[] | null): Row | null {
	if (!old || identity === null) return old;
	const kept = Object.fromEntries(
		Object.entries(old).filter(([column]) => identity.includes(column))
	);
	return Object.keys(kept).length > 0 ? kept : null;
}

/**
 * The row a DELETE's filters are evaluated against. On an RLS table only the primary key, the one
 * part every subscriber receives: the row itself can no longer be checked against RLS, and a filter
 * on any other column would tell a subscriber what a row they may not see held (Supabase documents
 * DELETE events as unfilterable; its walrus evaluates such filters against the whole old row).
 */
function deleteFilterSource(old: Row | null, shape: TableShape): Row | null {
	if (!old || !shape.rls) return old;
	return Object.fromEntries(Object.entries(old).filter(([column]) => shape.pk.includes(column)));
}

async function planBatch(batch: TableBatch, shapes: TableShapes): Promise<void> {
	const shape = await shapes.shape(batch.relid);
	batch.shape = shape;
	batch.olds = batch.changes.map(({ change }) => trimToIdentity(change.old, shape.identity));
	for (const role of new Set(batch.subscriptions.map((s) => s.subscriber.claims.role)))
		batch.selectable.set(role, await shapes.selectable(batch.relid, role));

	const filterIndex = new Map<string, number>();
	const checkIndex = new Map<string, number>();
	// RLS looks up INSERTs and UPDATEs by primary key; a role that cannot read the key gets an error.
	const lookups = shape.rls && batch.changes.some(({ change }) => change.type !== 'DELETE');
	for (const subscription of batch.subscriptions) {
		const filters = subscription.binding.filters.map((filter) => {
			const key = JSON.stringify([filter.column, filter.op, filter.value, filter.negate]);
			let index = filterIndex.get(key);
			if (index === undefined) {
				index = batch.filters.push(filter) - 1;
				filterIndex.set(key, index);
			}
			return index;
		});
		const claims = subscription.subscriber.claims;
		const plan: Plan = { filters, claims };
		const readsKey = shape.pk.every((c) => batch.selectable.get(claims.role)?.has(c));
		if (lookups && shape.pk.length > 0 && readsKey) {
			const claimsKey = JSON.stringify(claims);
			let check = checkIndex.get(claimsKey);
			if (check === undefined) {
				check = batch.checks.push({ claims, groups: [] }) - 1;
				checkIndex.set(claimsKey, check);
			}
			const groups = batch.checks[check].groups;
			if (!groups.some((g) => g.join() === filters.join())) groups.push(filters);
			plan.check = check;
		}
		batch.plans.set(subscription, plan);
	}
	// Sorted by role, the database switches role once per role rather than once per check.
	const order = batch.checks
		.map((check, index) => ({ check, index }))
		.sort((a, b) => a.check.claims.role.localeCompare(b.check.claims.role));
	const renumber = new Map(order.map(({ index }, position) => [index, position]));
	batch.checks = order.map(({ check }) => check);
	for (const plan of batch.plans.values())
		if (plan.check !== undefined) plan.check = renumber.get(plan.check);
}

export function createDispatcher(
	db: Database,
	registry: SubscriptionRegistry,
	shapes: TableShapes
) {
	return async (transactions: CommittedTransaction[]): Promise<void> => {
		const batches = new Map<number, TableBatch>();
		const ordered: { batch: TableBatch; index: number }[] = [];
		for (const transaction of transactions)
			for (const change of transaction.changes) {
				let batch = batches.get(change.relid);
				if (!batch) {
					const subscriptions = registry.forTable(change.relid);
					if (subscriptions.length === 0) continue;
					batch = {
						relid: change.relid,
						subscriptions,
						changes: [],
						selectable: new Map(),
						olds: [],
						filters: [],
						plans: new Map(),
						checks: []
					};
					batches.set(change.relid, batch);
				}
				const index =
					batch.changes.push({ change, commitTimestamp: transaction.commitTimestamp }) - 1;
				ordered.push({ batch, index });
			}
		if (ordered.length === 0) return;

		for (const batch of batches.values()) await planBatch(batch, shapes);
		const toCheck = [...batches.values()].filter(
			(b) => b.filters.length > 0 || b.checks.length > 0
		);
		if (toCheck.length > 0)
			await db.transaction(
				async (tx) => {
					for (const batch of toCheck) {
						const pk = batch.shape?.pk ?? [];
						const shape = batch.shape as TableShape;
						const sources = batch.changes.map(({ change }, index) =>
							change.type === 'DELETE'
								? deleteFilterSource(batch.olds[index], shape)
								: change.record
						);
						const keys = batch.changes.map(({ change }) =>
							batch.checks.length > 0 && change.type !== 'DELETE' && change.record
								? Object.fromEntries(pk.map((column) => [column, change.record?.[column]]))
								: null
						);
						batch.verdicts = await authorize(
							tx,
							batch.relid,
							pk,
							sources,
							batch.filters,
							keys,
							batch.checks
						);
					}
				},
				{ readOnly: true }
			);

		for (const { batch, index } of ordered) deliver(batch, index);
	};
}

function deliver(batch: TableBatch, index: number): void {
	const { change, commitTimestamp } = batch.changes[index];
	const shape = batch.shape as TableShape;
	const forPayload: ChangeForPayload = {
		schema: change.schema,
		table: change.table,
		type: change.type,
		commitTimestamp,
		record: change.record,
		old: batch.olds[index]
	};
	const payloads = new Map<string, Row>();
	const outbox = new Map<Subscriber, Map<string, number[]>>();
	const send = (subscription: Subscription, key: string, build: () => Row) => {
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
		const plan = batch.plans.get(subscription);
		if (!plan) continue;
		const role = plan.claims.role;
		const selectable = batch.selectable.get(role) ?? new Set<string>();
		if (change.type !== 'DELETE') {
			if (shape.pk.length === 0) {
				send(subscription, `400:${role}`, () => errorData(forPayload, 'no-primary-key'));
				continue;
			}
			if (!shape.pk.every((column) => selectable.has(column))) {
				send(subscription, `401:${role}`, () => errorData(forPayload, 'unauthorized'));
				continue;
			}
		}
		if (!plan.filters.every((f) => batch.verdicts?.filters[f]?.[index] === true)) continue;
		if (shape.rls && change.type !== 'DELETE') {
			const found = plan.check === undefined ? undefined : batch.verdicts?.visible[plan.check];
			if (!found?.has(index)) continue;
		}
		const select = binding.select;
		send(subscription, `ok:${role}:${JSON.stringify(select)}`, () =>
			buildData(forPayload, shape, selectable, select)
		);
	}

	// One encoding per distinct frame: subscribers of one topic with the same ids get the same bytes.
	const encodings = new Map<string, string | Buffer | undefined>();
	for (const [subscriber, byKey] of outbox)
		for (const [key, ids] of byKey)
			subscriber.deliver(ids, payloads.get(key) as Row, (frameKey, encode) => {
				const cacheKey = `${key}\u0000${frameKey}`;
				if (!encodings.has(cacheKey)) encodings.set(cacheKey, encode());
				return encodings.get(cacheKey);
			});
}
