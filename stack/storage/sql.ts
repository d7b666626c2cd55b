// Every Storage operation is SQL on `storage.buckets`/`storage.objects` run in one transaction as
// the caller's database role with the caller's claims, so the project's RLS policies decide, as
// Storage's `setScope` does. `testAs` is Storage's `testPermission`: run the statement to learn
// whether RLS allows it, then roll it back.
import type { Database, Queryable, TransactionOptions } from '../db';
import type { Caller } from './auth';
import { fromDatabaseError } from './errors';

export interface RequestInfo {
	method: string;
	path: string;
}

const scopeSql = `select
	set_config('role', $1, true),
	set_config('request.jwt.claim.role', $1, true),
	set_config('request.jwt', $2, true),
	set_config('request.jwt.claim.sub', $3, true),
	set_config('request.jwt.claims', $4, true),
	set_config('request.method', $5, true),
	set_config('request.path', $6, true),
	set_config('storage.allow_delete_query', 'true', true)`;

/** Makes the rest of a transaction run as `caller` (a transaction may switch more than once). */
export async function useScope(tx: Queryable, caller: Caller, request: RequestInfo): Promise<void> {
	await tx.query(scopeSql, [
		caller.role,
		caller.token,
		caller.owner ?? '',
		JSON.stringify(caller.claims),
		request.method,
		request.path
	]);
}

export async function runAs<T>(
	db: Database,
	caller: Caller,
	request: RequestInfo,
	work: (tx: Queryable) => Promise<T>,
	options: TransactionOptions = {}
): Promise<T> {
	try {
		return await db.transaction(async (tx) => {
			await useScope(tx, caller, request);
			return work(tx);
		}, options);
	} catch (error) {
		throw fromDatabaseError(error);
	}
}

/** Storage's permission test: the work runs as the caller and is rolled back whatever it did. */
export const testAs = <T>(
	db: Database,
	caller: Caller,
	request: RequestInfo,
	work: (tx: Queryable) => Promise<T>
): Promise<T> => runAs(db, caller, request, work, { rollback: true });

/** A timestamp column as the ISO text a JavaScript `Date` prints, as Storage's JSON shows it. */
export const iso = (column: string) =>
	`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** A JSON array parameter as `text[]`, keeping SQL null for null. */
export const textArray = (param: string) =>
	`(case when ${param}::jsonb is null then null else array(select jsonb_array_elements_text(${param}::jsonb)) end)`;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** `owner` is a uuid column; Storage fills it only when `sub` is one and keeps `owner_id` as text. */
export const ownerUuid = (owner: string | undefined) =>
	owner && uuidPattern.test(owner) ? owner : null;
