// The phx_join payload realtime-js sends. Supabase logs a malformed payload and carries on with
// defaults, so every field here falls back instead of failing the join.
import { z } from 'zod';

/** Supabase's FlexibleBoolean: booleans, or the strings "true" and "false". */
const flexibleBoolean = z
	.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean())
	.catch(false);

const bindings = z
	.array(z.unknown())
	.transform((items) =>
		items.filter(
			(item): item is Record<string, unknown> =>
				typeof item === 'object' && item !== null && !Array.isArray(item)
		)
	)
	.catch([]);

const noBroadcastOptions = { ack: false, self: false, replication_ready: false, replay: undefined };

const joinPayload = z
	.object({
		config: z
			.object({
				broadcast: z
					.object({
						ack: flexibleBoolean.default(false),
						self: flexibleBoolean.default(false),
						replication_ready: flexibleBoolean.default(false),
						replay: z.unknown().optional()
					})
					.catch(noBroadcastOptions)
					.default(noBroadcastOptions),
				presence: z
					.object({ enabled: flexibleBoolean.default(false), key: z.unknown().optional() })
					.catch({ enabled: false, key: undefined })
					.default({ enabled: false, key: undefined }),
				postgres_changes: bindings.default([]),
				private: flexibleBoolean.default(false)
			})
			.catch({
				broadcast: noBroadcastOptions,
				presence: { enabled: false, key: undefined },
				postgres_changes: [],
				private: false
			})
			.optional(),
		access_token: z.string().optional().catch(undefined),
		user_token: z.string().optional().catch(undefined)
	})
	.catch({ config: undefined, access_token: undefined, user_token: undefined });

export interface JoinConfig {
	ack: boolean;
	self: boolean;
	/** The client wants a system message once changes can flow (`broadcast.replication_ready`). */
	replicationReady: boolean;
	/** The client asked for stored broadcasts to be replayed (`broadcast.replay`). */
	replay: boolean;
	presenceEnabled: boolean;
	/** Empty or missing keys are replaced by a generated UUID, as Supabase does. */
	presenceKey: string | undefined;
	bindings: Record<string, unknown>[];
	isPrivate: boolean;
	/** `access_token` (or the older `user_token`) of the payload, when given. */
	accessToken: string | undefined;
}

export function parseJoinPayload(payload: unknown): JoinConfig {
	const parsed = joinPayload.parse(payload ?? {});
	const config = parsed.config;
	const key = config?.presence.key;
	return {
		ack: config?.broadcast.ack ?? false,
		self: config?.broadcast.self ?? false,
		replicationReady: config?.broadcast.replication_ready ?? false,
		replay: config?.broadcast.replay !== undefined && config?.broadcast.replay !== null,
		presenceEnabled: config?.presence.enabled ?? false,
		presenceKey: key === undefined || key === null || key === '' ? undefined : String(key),
		bindings: config?.postgres_changes ?? [],
		isPrivate: config?.private ?? false,
		accessToken: parsed.user_token ?? parsed.access_token
	};
}
