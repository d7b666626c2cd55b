// From committed transactions to postgres_changes pushes. What is checked for a table depends only on
// its subscriptions, so each table's plan (its distinct filters, and one RLS lookup per distinct
// claims set) is built before the changes are read, and kept until the subscriptions, the table or
// the privileges change; the database then checks a batch's changes for every plan in the same
// statement that takes them (take.ts). Each change goes, in commit order, to the subscriptions whose
// event, filters, column privileges and RLS let it through.
import type { Claims } from '../token';
import type { LookupCheck, Verdicts } from './authorize';
import type { CapturedChange, CommittedTransaction } from './feed';
import type { Filter } from './filters';
import { buildData, errorData, type ChangeForPayload } from './payload';
import type { Subscriber, Subscription, SubscriptionRegistry } from './subscriptions';
import { privilegesTtlMs, type TableShape, type TableShapes } from './table-shapes';

type Row = Record<string, unknown>;

interface Route {
	filters: number[];
	claims: Claims;
	/** Index in `checks`, when these claims need RLS lookups. */
	check?: number;
}

/** What is checked for one table's changes, built from its subscriptions alone. */
export interface TablePlan {
	relid: number;
	shape: TableShape;
	subscriptions: Subscription[];
	/** Per role, the columns it may select. */
	selectable: Map<string, ReadonlySet<string>>;
	filters: Filter[];
	routes: Map<Subscription, Route>;
	checks: LookupCheck[];
	/** The plan as _stack.realtime_take reads it. */
	json: string;
	/** The registry version and time it was built at, to know when to build it again. */
	version: number;
	builtAt: number;
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
 * The columns of a DELETE's old row its filters look at (null: all). On an RLS table only the primary
 * key, the one part every subscriber receives: the row itself can no longer be checked against RLS,
 * and a filter on any other column would tell a subscriber what a row they may not see held (Supabase
 * documents DELETE events as unfilterable; its walrus evaluates such filters against the old row).
 */
function deleteFilterColumns(shape: TableShape): string[] | null {
	const { identity, pk, rls } = shape;
	if (!rls) return identity;
	return identity === null ? pk : pk.filter((column) => identity.includes(column));
}

async function buildPlan(
	relid: number,
	subscriptions: Subscription[],
	shapes: ShapeSource,
	version: number
): Promise<TablePlan> {
	const builtAt = Date.now();
	const shape = await shapes.shape(relid);
	const selectable = new Map<string, ReadonlySet<string>>();
	for (const role of new Set(subscriptions.map((s) => s.subscriber.claims.role)))
		selectable.set(role, await shapes.selectable(relid, role));

	const filters: Filter[] = [];
	const filterIndex = new Map<string, number>();
	let checks: LookupCheck[] = [];
	const checkIndex = new Map<string, number>();
	const routes = new Map<Subscription, Route>();
	for (const subscription of subscriptions) {
		const routeFilters = subscription.binding.filters.map((filter) => {
			const key = JSON.stringify([filter.column, filter.op, filter.value, filter.negate]);
			let index = filterIndex.get(key);
			if (index === undefined) {
				index = filters.push(filter) - 1;
				filterIndex.set(key, index);
			}
			return index;
		});
		const claims = subscription.subscriber.claims;
		const route: Route = { filters: routeFilters, claims };
		// RLS looks INSERTs and UPDATEs up by primary key; a role that cannot read the key gets an error.
		const readsKey = shape.pk.every((c) => selectable.get(claims.role)?.has(c));
		if (shape.rls && shape.pk.length > 0 && readsKey) {
			const claimsKey = JSON.stringify(claims);
			let check = checkIndex.get(claimsKey);
			if (check === undefined) {
				check = checks.push({ claims, groups: [] }) - 1;
				checkIndex.set(claimsKey, check);
			}
			const groups = checks[check].groups;
			if (!groups.some((g) => g.join() === routeFilters.join())) groups.push(routeFilters);
			route.check = check;
		}
		routes.set(subscription, route);
	}
	// Sorted by role, the database switches role once per role rather than once per check.
	const order = checks
		.map((check, index) => ({ check, index }))
		.sort((a, b) => a.check.claims.role.localeCompare(b.check.claims.role));
	const renumber = new Map(order.map(({ index }, position) => [index, position]));
	checks = order.map(({ check }) => check);
	for (const route of routes.values())
		if (route.check !== undefined) route.check = renumber.get(route.check);

	const json = JSON.stringify({
		pk: shape.pk,
		deleteFilterColumns: deleteFilterColumns(shape),
		filters: filters.map((f) => [f.column, f.op, f.value, f.negate]),
		checks: checks.map((c) => ({ role: c.claims.role, claims: c.claims, groups: c.groups }))
	});
	return {
		relid,
		shape,
		subscriptions,
		selectable,
		filters,
		routes,
		checks,
		json,
		version,
		builtAt
	};
}

export interface Plans {
	byRelid: Map<number, TablePlan>;
	/** `{"<relid>": plan, …}` for _stack.realtime_take. */
	json: string;
}

/** The parts of TableShapes a plan is built from. */
export type ShapeSource = Pick<TableShapes, 'generation' | 'shape' | 'selectable'>;

export function createDispatcher(registry: SubscriptionRegistry, shapes: ShapeSource) {
	const cache = new Map<number, TablePlan>();
	const refreshing = new Set<number>();
	let shapesGeneration = shapes.generation;

	/**
	 * Reads a plan's privileges again off the delivery path: only role memberships change them
	 * without DDL (which clears every plan at once), so the batch at hand keeps the plan it has rather
	 * than waiting for a catalog read.
	 */
	function refresh(stale: TablePlan): void {
		if (refreshing.has(stale.relid)) return;
		refreshing.add(stale.relid);
		const generation = shapes.generation;
		buildPlan(stale.relid, stale.subscriptions, shapes, stale.version)
			.then((fresh) => {
				// Kept only if what it was built from is still current.
				if (cache.get(stale.relid) === stale && shapes.generation === generation)
					cache.set(stale.relid, fresh);
			})
			// A failed read keeps the plan it would have replaced; the next batch tries again.
			.catch(() => {})
			.finally(() => refreshing.delete(stale.relid));
	}

	return {
		/** A plan for every table with subscriptions, rebuilt only where something changed. */
		async plans(): Promise<Plans> {
			if (shapes.generation !== shapesGeneration) {
				cache.clear();
				shapesGeneration = shapes.generation;
			}
			const byRelid = new Map<number, TablePlan>();
			for (const relid of registry.tables()) {
				const version = registry.version(relid);
				let plan = cache.get(relid);
				if (!plan || plan.version !== version) {
					plan = await buildPlan(relid, registry.forTable(relid), shapes, version);
					cache.set(relid, plan);
				} else if (Date.now() - plan.builtAt >= privilegesTtlMs) refresh(plan);
				byRelid.set(relid, plan);
			}
			for (const relid of cache.keys()) if (!byRelid.has(relid)) cache.delete(relid);
			const json = `{${[...byRelid].map(([relid, plan]) => `"${relid}":${plan.json}`).join(',')}}`;
			return { byRelid, json };
		},

		/** Pushes each change to the subscriptions it passes, in commit order. */
		deliver(
			transactions: CommittedTransaction[],
			verdicts: Record<string, Verdicts | undefined>,
			plans: Plans
		): void {
			// Each change's index among its table's changes, as the verdicts count them.
			const seen = new Map<number, number>();
			for (const transaction of transactions)
				for (const change of transaction.changes) {
					const index = seen.get(change.relid) ?? 0;
					seen.set(change.relid, index + 1);
					const plan = plans.byRelid.get(change.relid);
					if (plan)
						deliver(plan, change, index, transaction.commitTimestamp, verdicts[change.relid]);
				}
		}
	};
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

function deliver(
	plan: TablePlan,
	change: CapturedChange,
	index: number,
	commitTimestamp: string,
	verdicts: Verdicts | undefined
): void {
	const { shape } = plan;
	const forPayload: ChangeForPayload = {
		schema: change.schema,
		table: change.table,
		type: change.type,
		commitTimestamp,
		record: change.record,
		old: trimToIdentity(change.old, shape.identity)
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

	for (const subscription of plan.subscriptions) {
		const { binding } = subscription;
		if (binding.event !== '*' && binding.event !== change.type) continue;
		const route = plan.routes.get(subscription);
		if (!route) continue;
		const role = route.claims.role;
		const selectable = plan.selectable.get(role) ?? new Set<string>();
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
		if (!route.filters.every((f) => verdicts?.filters[f]?.[index] === true)) continue;
		if (shape.rls && change.type !== 'DELETE') {
			const found = route.check === undefined ? undefined : verdicts?.visible[route.check];
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
