// The SQL of the object API, run inside a caller's transaction (see `sql.ts`). Statements keep
// the shape Storage uses (e.g. `returning` on upserts and deletes), because RLS on `returning`
// needs a select policy: a project gets the same allow/deny answers as on hosted Supabase.
import type { Queryable } from '../db';
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
