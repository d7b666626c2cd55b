// The SQL of the object API, run inside a caller's transaction (see `sql.ts`). Statements keep
// the shape Storage uses (e.g. `returning` on upserts and deletes), because RLS on `returning`
// needs a select policy: a project gets the same allow/deny answers as on hosted Supabase.
import type { Queryable, SqlParam } from '../db';
import { iso, ownerUuid } from './sql';
import type { ObjectRow } from './types';

const objectColumns = `id::text as id, bucket_id, name, owner::text as owner, owner_id, version,
	metadata, user_metadata, ${iso('created_at')} as created_at, ${iso('updated_at')} as updated_at,
	${iso('last_accessed_at')} as last_accessed_at`;

export interface NewObject {
	bucket_id: string;
	name: string;
	owner: string | undefined;
	version: string;
	metadata: Record<string, unknown> | null;
	user_metadata: Record<string, unknown> | null;
}

const json = (value: unknown) =>
	value === null || value === undefined ? null : JSON.stringify(value);

const newObjectParams = (object: NewObject) => [
	object.bucket_id,
	object.name,
	ownerUuid(object.owner),
	object.owner ?? null,
	object.version,
	json(object.metadata),
	json(object.user_metadata)
];

export async function findObject(
	tx: Queryable,
	bucketId: string,
	name: string,
	{ lock = false } = {}
): Promise<ObjectRow | undefined> {
	const { rows } = await tx.query<ObjectRow>(
		`select ${objectColumns} from storage.objects where name = $1 and bucket_id = $2 limit 1
		 ${lock ? 'for update' : ''}`,
		[name, bucketId]
	);
	return rows[0];
}

/** Which of `names` exist in the bucket (and are visible to the caller). */
export async function findObjectNames(
	tx: Queryable,
	bucketId: string,
	names: string[]
): Promise<Set<string>> {
	const { rows } = await tx.query<{ name: string }>(
		`select name from storage.objects
		 where bucket_id = $1 and name in (select jsonb_array_elements_text($2::jsonb))`,
		[bucketId, JSON.stringify(names)]
	);
	return new Set(rows.map((r) => r.name));
}

/** A plain insert: a second object at the same key is a unique violation. */
export async function insertObject(tx: Queryable, object: NewObject): Promise<void> {
	await tx.query(
		`insert into storage.objects (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
		 values ($1, $2, $3::uuid, $4, $5, $6::jsonb, $7::jsonb)`,
		newObjectParams(object)
	);
}

/** Insert or overwrite, as Storage's upsert; the caller needs insert, update and select rights. */
export async function upsertObject(tx: Queryable, object: NewObject): Promise<ObjectRow> {
	const { rows } = await tx.query<ObjectRow>(
		`insert into storage.objects as o (bucket_id, name, owner, owner_id, version, metadata, user_metadata)
		 values ($1, $2, $3::uuid, $4, $5, $6::jsonb, $7::jsonb)
		 on conflict (name, bucket_id) do update set
		   owner = excluded.owner, owner_id = excluded.owner_id, version = excluded.version,
		   metadata = excluded.metadata, user_metadata = excluded.user_metadata, updated_at = now()
		 returning ${objectColumns}`,
		newObjectParams(object)
	);
	return rows[0];
}

export interface ObjectDestination {
	bucket_id: string;
	name: string;
	owner: string | undefined;
	version: string;
	metadata?: Record<string, unknown> | null;
}

/** Renames an object in place (a move); undefined when no row (visible to the caller) matched. */
export async function moveObjectRow(
	tx: Queryable,
	bucketId: string,
	name: string,
	to: ObjectDestination
): Promise<ObjectRow | undefined> {
	const { rows } = await tx.query<ObjectRow>(
		`update storage.objects set bucket_id = $3, name = $4, owner = $5::uuid, owner_id = $6,
		   version = $7, metadata = coalesce($8::jsonb, metadata), updated_at = now()
		 where bucket_id = $1 and name = $2
		 returning ${objectColumns}`,
		[
			bucketId,
			name,
			to.bucket_id,
			to.name,
			ownerUuid(to.owner),
			to.owner ?? null,
			to.version,
			json(to.metadata)
		]
	);
	return rows[0];
}

export async function deleteObjects(
	tx: Queryable,
	bucketId: string,
	names: string[]
): Promise<ObjectRow[]> {
	const { rows } = await tx.query<ObjectRow>(
		`delete from storage.objects
		 where bucket_id = $1 and name in (select jsonb_array_elements_text($2::jsonb))
		 returning ${objectColumns}`,
		[bucketId, JSON.stringify(names)]
	);
	return rows;
}

export async function deleteAllObjects(
	tx: Queryable,
	bucketId: string
): Promise<Pick<ObjectRow, 'name' | 'version'>[]> {
	const { rows } = await tx.query<Pick<ObjectRow, 'name' | 'version'>>(
		`delete from storage.objects where bucket_id = $1 returning name, version`,
		[bucketId]
	);
	return rows;
}

export interface SearchOptions {
	limit: number;
	offset: number;
	search: string;
	sortColumn: 'name' | 'updated_at' | 'created_at' | 'last_accessed_at';
	sortOrder: 'asc' | 'desc';
}

export interface ListEntry {
	name: string;
	id: string | null;
	updated_at: string | null;
	created_at: string | null;
	last_accessed_at: string | null;
	metadata: Record<string, unknown> | null;
}

/** One level of a bucket below `prefix` through `storage.search()`, as the caller may see it. */
export async function searchObjects(
	tx: Queryable,
	bucketId: string,
	prefix: string,
	options: SearchOptions
): Promise<ListEntry[]> {
	const { rows } = await tx.query<ListEntry>(
		`select name, id::text as id, ${iso('updated_at')} as updated_at, ${iso('created_at')} as created_at,
		   ${iso('last_accessed_at')} as last_accessed_at, metadata
		 from storage.search($1, $2, $3, $4, $5, $6, $7, $8)`,
		[
			prefix,
			bucketId,
			options.limit,
			(prefix + options.search).split('/').length,
			options.offset,
			options.search,
			options.sortColumn,
			options.sortOrder
		]
	);
	return rows;
}

export type SortColumnV2 = 'name' | 'updated_at' | 'created_at';

export interface ListV2Options {
	prefix: string;
	/** Rows to return: one more than a page, to learn whether another follows. */
	limit: number;
	sortColumn: SortColumnV2;
	sortOrder: 'asc' | 'desc';
	/** The name of the last entry of the previous page ('' for the first page). */
	after: string;
	/** With a date sort, that entry's date as ISO text. */
	afterDate: string | undefined;
}

export interface ListV2Row {
	key?: string;
	name: string;
	id: string | null;
	updated_at: string | null;
	created_at: string | null;
	last_accessed_at: string | null;
	metadata: Record<string, unknown> | null;
}

/** The first string after every one starting with `prefix`, byte-wise (undefined for ''). */
function prefixEnd(prefix: string): string | undefined {
	const chars = Array.from(prefix);
	const last = chars.pop();
	if (last === undefined) return undefined;
	return chars.join('') + String.fromCodePoint((last.codePointAt(0) ?? 0) + 1);
}

const listV2Columns = `${iso('updated_at')} as updated_at, ${iso('created_at')} as created_at,
	${iso('last_accessed_at')} as last_accessed_at, metadata`;

/** Every object whose name starts with `prefix`, in key or date order, as list-v2 without folders. */
export async function listObjectsFlat(
	tx: Queryable,
	bucketId: string,
	options: ListV2Options
): Promise<ListV2Row[]> {
	const params: SqlParam[] = [bucketId, options.limit];
	const where = ['bucket_id = $1'];
	const add = (value: SqlParam) => `$${params.push(value)}`;
	const end = prefixEnd(options.prefix);
	if (end !== undefined)
		where.push(`name collate "C" >= ${add(options.prefix)}`, `name collate "C" < ${add(end)}`);
	const direction = options.sortOrder === 'desc' ? 'desc' : 'asc';
	const beyond = direction === 'asc' ? '>' : '<';
	const byDate = options.sortColumn !== 'name';
	if (options.after && byDate)
		where.push(
			`(date_trunc('milliseconds', ${options.sortColumn}), name collate "C") ${beyond}
			 (coalesce(nullif(${add(options.afterDate ?? '')}, '')::timestamptz, 'epoch'::timestamptz), ${add(options.after)})`
		);
	else if (options.after) where.push(`name collate "C" ${beyond} ${add(options.after)}`);
	const order = byDate
		? `date_trunc('milliseconds', ${options.sortColumn}) ${direction}, name collate "C" ${direction}`
		: `name collate "C" ${direction}`;
	const { rows } = await tx.query<ListV2Row>(
		`select id::text as id, name, ${listV2Columns}
		 from storage.objects where ${where.join(' and ')} order by ${order} limit $2`,
		params
	);
	return rows;
}

/** One level below `prefix`: files and folders (id null), through `storage.search_v2()`. */
export async function listObjectsDelimited(
	tx: Queryable,
	bucketId: string,
	options: ListV2Options
): Promise<ListV2Row[]> {
	const { rows } = await tx.query<ListV2Row>(
		`select key, name, id::text as id, ${listV2Columns}
		 from storage.search_v2($1, $2, $3, $4, $5, $6, $7, $8)`,
		[
			options.prefix,
			bucketId,
			options.limit,
			options.prefix ? options.prefix.split('/').length : 1,
			options.after,
			options.sortOrder,
			options.sortColumn,
			options.afterDate ?? ''
		]
	);
	return rows;
}
