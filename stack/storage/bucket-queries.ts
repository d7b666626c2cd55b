// The SQL of the bucket API, run inside a caller's transaction (see `sql.ts`).
import type { Queryable } from '../db';
import { iso, ownerUuid, textArray } from './sql';
import type { BucketRow } from './types';

const bucketColumns = `id, name, owner::text as owner, owner_id, coalesce(public, false) as public,
	file_size_limit, allowed_mime_types, ${iso('created_at')} as created_at, ${iso('updated_at')} as updated_at`;

export async function findBucket(tx: Queryable, id: string): Promise<BucketRow | undefined> {
	const { rows } = await tx.query<BucketRow>(
		`select ${bucketColumns} from storage.buckets where id = $1 limit 1`,
		[id]
	);
	return rows[0];
}

export interface ListBucketsOptions {
	limit?: number;
	offset?: number;
	sortColumn?: 'id' | 'name' | 'created_at' | 'updated_at';
	sortOrder?: 'asc' | 'desc';
	search?: string;
}

export async function listBuckets(
	tx: Queryable,
	options: ListBucketsOptions
): Promise<BucketRow[]> {
	const params: (string | number)[] = [];
	let where = '';
	if (options.search) {
		params.push(options.search.replace(/[\\%_]/g, (c) => `\\${c}`));
		where = `where name ilike '%' || $${params.length} || '%'`;
	}
	const order = options.sortColumn
		? `order by ${options.sortColumn} ${options.sortOrder === 'desc' ? 'desc' : 'asc'}`
		: '';
	let page = '';
	if (options.limit !== undefined) {
		params.push(options.limit);
		page += ` limit $${params.length}`;
	}
	if (options.offset !== undefined) {
		params.push(options.offset);
		page += ` offset $${params.length}`;
	}
	const { rows } = await tx.query<BucketRow>(
		`select ${bucketColumns} from storage.buckets ${where} ${order} ${page}`,
		params
	);
	return rows;
}

export interface NewBucket {
	id: string;
	name: string;
	owner: string | undefined;
	public: boolean;
	file_size_limit: number | null;
	allowed_mime_types: string[] | null;
}

export async function insertBucket(tx: Queryable, bucket: NewBucket): Promise<void> {
	await tx.query(
		`insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
		 values ($1, $2, $3::uuid, $4, $5, $6, ${textArray('$7')})`,
		[
			bucket.id,
			bucket.name,
			ownerUuid(bucket.owner),
			bucket.owner ?? null,
			bucket.public,
			bucket.file_size_limit,
			bucket.allowed_mime_types === null ? null : JSON.stringify(bucket.allowed_mime_types)
		]
	);
}

export interface BucketChanges {
	public?: boolean;
	file_size_limit?: number | null;
	allowed_mime_types?: string[] | null;
}

/** Updates the given fields; returns false when no row (visible to the caller) matched. */
export async function updateBucket(
	tx: Queryable,
	id: string,
	changes: BucketChanges
): Promise<boolean> {
	const sets: string[] = [];
	const params: (string | number | boolean | null)[] = [id];
	if (changes.public !== undefined) {
		params.push(changes.public);
		sets.push(`public = $${params.length}`);
	}
	if (changes.file_size_limit !== undefined) {
		params.push(changes.file_size_limit);
		sets.push(`file_size_limit = $${params.length}`);
	}
	if (changes.allowed_mime_types !== undefined) {
		params.push(
			changes.allowed_mime_types === null ? null : JSON.stringify(changes.allowed_mime_types)
		);
		sets.push(`allowed_mime_types = ${textArray(`$${params.length}`)}`);
	}
	const result = await tx.query(
		`update storage.buckets set ${sets.join(', ')}, updated_at = now() where id = $1 returning id`,
		params
	);
	return result.rows.length > 0;
}

export async function deleteBucket(tx: Queryable, id: string): Promise<boolean> {
	const result = await tx.query(`delete from storage.buckets where id = $1 returning id`, [id]);
	return result.rows.length > 0;
}

export async function bucketHasObjects(tx: Queryable, id: string): Promise<boolean> {
	const { rows } = await tx.query(`select 1 from storage.objects where bucket_id = $1 limit 1`, [
		id
	]);
	return rows.length > 0;
}
