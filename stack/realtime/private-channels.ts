// Authorization of private channels (`config.private: true`) as Supabase checks it, through RLS on
// realtime.messages with `realtime.topic()` set to the channel's topic:
// - read: probe rows are inserted (one per extension), then selected as the user's role; the
//   extensions whose probe comes back may be read;
// - write: an insert as the user's role succeeds or is refused by RLS.
// Both run in a transaction that is always rolled back, so nothing is left behind.
import { randomUUID } from 'node:crypto';
import { isPostgresError, type Database, type Queryable } from '../db';
import type { Claims } from './token';

export type Extension = 'broadcast' | 'presence';

export interface AuthorizationContext {
	/** The channel's topic without the `realtime:` prefix. */
	topic: string;
	claims: Claims;
	/** The `x-` headers of the socket's upgrade request, for `request.headers`. */
	headers: Record<string, string>;
}

export type ReadPolicies = Record<Extension, boolean>;

/** Authorization probes write rows to see what RLS says, and must leave none behind. */
const probeOnly = { rollback: true };

const setContext = (tx: Queryable, context: AuthorizationContext) =>
	tx.query(
		`select set_config('role', $1, true),
		        set_config('realtime.topic', $2, true),
		        set_config('request.jwt.claims', $3, true),
		        set_config('request.jwt.claim.sub', $4, true),
		        set_config('request.jwt.claim.role', $1, true),
		        set_config('request.headers', $5, true)`,
		[
			context.claims.role,
			context.topic,
			JSON.stringify(context.claims),
			typeof context.claims.sub === 'string' ? context.claims.sub : '',
			JSON.stringify(context.headers)
		]
	);

export async function readPolicies(
	db: Database,
	context: AuthorizationContext,
	extensions: Extension[]
): Promise<ReadPolicies> {
	const probes = extensions.map((extension) => ({ extension, id: randomUUID() }));
	const visible = await db.transaction(async (tx) => {
		for (const probe of probes)
			await tx.query(`insert into realtime.messages (id, topic, extension) values ($1, $2, $3)`, [
				probe.id,
				context.topic,
				probe.extension
			]);
		await setContext(tx, context);
		const { rows } = await tx.query<{ id: string }>(
			`select id::text from realtime.messages where id = any($1::uuid[])`,
			[`{${probes.map((p) => p.id).join(',')}}`]
		);
		return new Set(rows.map((r) => r.id));
	}, probeOnly);
	return {
		broadcast: probes.some((p) => p.extension === 'broadcast' && visible.has(p.id)),
		presence: probes.some((p) => p.extension === 'presence' && visible.has(p.id))
	};
}

/** SQLSTATEs meaning "RLS or privileges refuse this insert", which is an answer, not a failure. */
const refusals = new Set(['42501']);

export async function canWrite(
	db: Database,
	context: AuthorizationContext,
	extension: Extension
): Promise<boolean> {
	return db.transaction(async (tx) => {
		await setContext(tx, context);
		try {
			await tx.query(`insert into realtime.messages (topic, extension) values ($1, $2)`, [
				context.topic,
				extension
			]);
			return true;
		} catch (error) {
			if (isPostgresError(error) && refusals.has(error.code)) return false;
			throw error;
		}
	}, probeOnly);
}
