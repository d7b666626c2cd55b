// The postgres_changes subscriptions of every joined channel, by table, and how a channel's bindings
// become subscriptions: parsed, then resolved against publication supabase_realtime and checked for the
// subscriber's role as Supabase's realtime.subscription insert checks them, with its error messages.
import { isPostgresError, type Database } from '../../db';
import type { Claims } from '../token';
import { describeBinding, parseBinding, type Binding } from './filters';

/** Encodes a frame once per change for every subscriber that would send the same bytes. */
export type EncodeOnce = (
	frameKey: string,
	encode: () => string | Buffer | undefined
) => string | Buffer | undefined;

/** What a subscription delivers to: the channel that made it. */
export interface Subscriber {
	/** The claims of the channel's current access token. */
	readonly claims: Claims;
	deliver(ids: number[], data: Record<string, unknown>, encodeOnce: EncodeOnce): void;
}

export interface Subscription {
	/** The binding's id, as the join reply listed it. */
	id: number;
	relid: number;
	binding: Binding;
	subscriber: Subscriber;
}

export class SubscriptionRegistry {
	#byRelid = new Map<number, Set<Subscription>>();
	/** Bumped whenever a table's subscriptions change, so plans built from them are rebuilt. */
	#versions = new Map<number, number>();

	add(subscriptions: Subscription[]): void {
		for (const subscription of subscriptions) {
			const set = this.#byRelid.get(subscription.relid) ?? new Set();
			set.add(subscription);
			this.#byRelid.set(subscription.relid, set);
			this.#bump(subscription.relid);
		}
	}

	remove(subscriptions: Subscription[]): void {
		for (const subscription of subscriptions) {
			const set = this.#byRelid.get(subscription.relid);
			set?.delete(subscription);
			if (set?.size === 0) this.#byRelid.delete(subscription.relid);
			this.#bump(subscription.relid);
		}
	}

	#bump(relid: number): void {
		this.#versions.set(relid, (this.#versions.get(relid) ?? 0) + 1);
	}

	forTable(relid: number): Subscription[] {
		return [...(this.#byRelid.get(relid) ?? [])];
	}

	/** The tables with subscriptions. */
	tables(): number[] {
		return [...this.#byRelid.keys()];
	}

	version(relid: number): number {
		return this.#versions.get(relid) ?? 0;
	}

	get empty(): boolean {
		return this.#byRelid.size === 0;
	}
}

/** A stable id per binding, standing in for Supabase's `:erlang.phash2(params)` (same range). */
export function bindingId(params: Record<string, unknown>): number {
	const canonical = JSON.stringify(
		Object.keys(params)
			.sort()
			.map((key) => [key, params[key]])
	);
	let hash = 0x811c9dc5;
	for (let i = 0; i < canonical.length; i++) {
		hash ^= canonical.charCodeAt(i);
		hash = Math.imul(hash, 0x01000193) >>> 0;
	}
	return hash % 2 ** 27;
}

/** Condition names Postgrex prints beside a SQLSTATE in Supabase's subscription errors. */
const conditionNames: Record<string, string> = {
	P0001: 'raise_exception',
	'42704': 'undefined_object',
	'22P02': 'invalid_text_representation',
	'22007': 'invalid_datetime_format',
	'22008': 'datetime_field_overflow',
	'22003': 'numeric_value_out_of_range',
	'22023': 'invalid_parameter_value',
	'2201B': 'invalid_regular_expression',
	'42883': 'undefined_function',
	'42601': 'syntax_error'
};

const describeError = (error: unknown) =>
	isPostgresError(error)
		? `ERROR ${error.code} (${conditionNames[error.code] ?? 'error'}) ${error.message}`
		: String(error);

export type SubscribeResult =
	{ ok: true; subscriptions: Omit<Subscription, 'subscriber'>[] } | { ok: false; message: string };

/**
 * Resolves a channel's bindings (the `postgres_changes` of its join config, in order). As in
 * Supabase, one bad binding fails them all.
 */
export async function resolveBindings(
	db: Database,
	bindings: Record<string, unknown>[],
	role: string
): Promise<SubscribeResult> {
	const subscriptions: Omit<Subscription, 'subscriber'>[] = [];
	for (const params of bindings) {
		const parsed = parseBinding(params);
		if (!parsed.ok) return parsed;
		const { binding } = parsed;
		let tables: { relid: number }[];
		try {
			({ rows: tables } = await db.query<{ relid: number }>(
				`select relid::int8 as relid from _stack.realtime_subscription_tables($1, $2, $3, $4::jsonb, $5::jsonb)`,
				[
					binding.schema,
					binding.table,
					role,
					JSON.stringify(binding.filters.map((f) => [f.column, f.op, f.value, f.negate])),
					binding.select ? JSON.stringify(binding.select) : null
				]
			));
		} catch (error) {
			return {
				ok: false,
				message: `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: ${describeBinding(binding)}. Exception: ${describeError(error)}`
			};
		}
		if (tables.length === 0)
			return {
				ok: false,
				message: `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: ${describeBinding(binding)}`
			};
		const id = bindingId(params);
		for (const { relid } of tables) subscriptions.push({ id, relid, binding });
	}
	return { ok: true, subscriptions };
}
