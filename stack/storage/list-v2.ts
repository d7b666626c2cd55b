// list-v2 as Storage answers it: a page of objects below a prefix, and with a delimiter the folders
// one level down, in name or date order, with an opaque cursor for the next page. The cursor is
// Storage's own (base64 of `l:<last name>`, `o:<order>`, `c:<column>`, `a:<last date>` lines), so
// it also pins the sort order of the pages that follow.
import type { Queryable } from '../db';
import { storageErrors } from './errors';
import {
	listObjectsDelimited,
	listObjectsFlat,
	type ListV2Row,
	type SortColumnV2
} from './object-queries';

export interface ListV2Request {
	prefix?: string;
	limit?: number;
	cursor?: string;
	with_delimiter?: boolean;
	sortBy?: { column: SortColumnV2; order?: 'asc' | 'desc' };
}

export interface ListV2Result {
	hasNext: boolean;
	nextCursor?: string;
	nextCursorKey?: string;
	folders: ListV2Row[];
	objects: ListV2Row[];
}

interface Cursor {
	startAfter: string;
	sortOrder?: 'asc' | 'desc';
	sortColumn?: SortColumnV2;
	sortColumnAfter?: string;
}

const maxKeys = 1000;
const sortColumns: readonly string[] = ['name', 'updated_at', 'created_at'];
const sortOrders: readonly string[] = ['asc', 'desc'];

export function encodeCursor(cursor: Cursor): string {
	const lines = [
		['l', cursor.startAfter],
		['o', cursor.sortOrder],
		['c', cursor.sortColumn],
		['a', cursor.sortColumnAfter]
	]
		.filter(([, value]) => value)
		.map(([part, value]) => `${part}:${value}`);
	return Buffer.from(lines.join('\n')).toString('base64');
}

/** A cursor from a client, refused whole when any part is not one Storage writes. */
export function decodeCursor(token: string): Cursor {
	const invalid = () => storageErrors.invalidParameter('continuation token');
	const cursor: Cursor = { startAfter: '' };
	for (const line of Buffer.from(token, 'base64').toString('utf8').split('\n')) {
		const match = /^(\S):(.*)$/.exec(line);
		if (!match) throw invalid();
		const [, part, value] = match;
		if (part === 'l') cursor.startAfter = value;
		else if (part === 'o' && sortOrders.includes(value))
			cursor.sortOrder = value as Cursor['sortOrder'];
		else if (part === 'c' && sortColumns.includes(value)) cursor.sortColumn = value as SortColumnV2;
		else if (part === 'a' && !Number.isNaN(Date.parse(value))) cursor.sortColumnAfter = value;
		else throw invalid();
	}
	return cursor;
}

export async function listV2(
	tx: Queryable,
	bucketId: string,
	request: ListV2Request
): Promise<ListV2Result> {
	const limit = Math.min(request.limit || maxKeys, maxKeys);
	const cursor = request.cursor ? decodeCursor(request.cursor) : undefined;
	const sortColumn = cursor?.sortColumn ?? request.sortBy?.column;
	const sortOrder = cursor?.sortOrder ?? request.sortBy?.order;
	const options = {
		prefix: request.prefix ?? '',
		limit: limit + 1,
		sortColumn: sortColumn ?? 'name',
		sortOrder: sortOrder ?? 'asc',
		after: cursor?.startAfter ?? '',
		afterDate: cursor?.sortColumnAfter
	};
	const rows = request.with_delimiter
		? await listObjectsDelimited(tx, bucketId, options)
		: await listObjectsFlat(tx, bucketId, options);

	const page = rows.slice(0, limit);
	const result: ListV2Result = {
		hasNext: rows.length > limit,
		folders: page
			.filter((row) => row.id === null)
			.map((row) => ({ ...row, name: row.name.endsWith('/') ? row.name : `${row.name}/` })),
		objects: page.filter((row) => row.id !== null)
	};
	const last = page.at(-1);
	if (result.hasNext && last) {
		const lastDate = sortColumn && sortColumn !== 'name' ? last[sortColumn] : null;
		result.nextCursor = encodeCursor({
			startAfter: last.name,
			sortOrder,
			sortColumn,
			sortColumnAfter: lastDate ? new Date(lastDate).toISOString() : undefined
		});
		result.nextCursorKey = last.name;
	}
	return result;
}
