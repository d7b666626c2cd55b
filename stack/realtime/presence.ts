// Phoenix Presence for one process: per topic, per key, the metas each joined channel tracks. Each
// meta carries a unique `phx_ref`; an update replaces it (the new meta names the old in
// `phx_ref_prev`). Changes come back as the `presence_diff` Phoenix sends: `{joins, leaves}`.
import { randomBytes } from 'node:crypto';

export type Meta = Record<string, unknown> & { phx_ref: string };
export type PresenceState = Record<string, { metas: Meta[] }>;
export interface PresenceDiff {
	joins: PresenceState;
	leaves: PresenceState;
}

const newRef = () => randomBytes(12).toString('base64url');

export class PresenceRegistry<Owner> {
	/** topic → key → owner → meta */
	#topics = new Map<string, Map<string, Map<Owner, Meta>>>();

	state(topic: string): PresenceState {
		const state: PresenceState = {};
		for (const [key, owners] of this.#topics.get(topic) ?? [])
			state[key] = { metas: [...owners.values()] };
		return state;
	}

	track(topic: string, key: string, owner: Owner, payload: Record<string, unknown>): PresenceDiff {
		const keys = this.#topics.get(topic) ?? new Map<string, Map<Owner, Meta>>();
		this.#topics.set(topic, keys);
		const owners = keys.get(key) ?? new Map<Owner, Meta>();
		keys.set(key, owners);
		const previous = owners.get(owner);
		const meta: Meta = previous
			? { ...payload, phx_ref: newRef(), phx_ref_prev: previous.phx_ref }
			: { ...payload, phx_ref: newRef() };
		owners.set(owner, meta);
		return {
			joins: { [key]: { metas: [meta] } },
			leaves: previous ? { [key]: { metas: [previous] } } : {}
		};
	}

	/** Undefined when the owner tracked nothing under the key. */
	untrack(topic: string, key: string, owner: Owner): PresenceDiff | undefined {
		const keys = this.#topics.get(topic);
		const owners = keys?.get(key);
		const meta = owners?.get(owner);
		if (!keys || !owners || !meta) return undefined;
		owners.delete(owner);
		if (owners.size === 0) keys.delete(key);
		if (keys.size === 0) this.#topics.delete(topic);
		return { joins: {}, leaves: { [key]: { metas: [meta] } } };
	}
}
