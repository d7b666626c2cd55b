// `POST /object/list/<bucket>`: one folder level of a bucket, as storage-js `list()` asks for it;
// `POST /object/list-v2/<bucket>`: cursor-paged listing with folders, as storage-js `listV2()`.
import { z } from 'zod';
import { sendJson } from '../../http';
import { authenticate } from '../auth';
import { readJson } from '../json-body';
import { listV2 } from '../list-v2';
import { searchObjects } from '../object-queries';
import { assertValidBucketName } from '../paths';
import type { StorageContext, StorageRequest, StorageRoute } from '../router';
import { runAs } from '../sql';

const listBody = z.object({
	prefix: z.string(),
	limit: z.number().int().min(1).optional(),
	offset: z.number().int().min(0).optional(),
	sortBy: z
		.object({
			column: z.enum(['name', 'updated_at', 'created_at', 'last_accessed_at']),
			order: z.enum(['asc', 'desc']).optional()
		})
		.optional(),
	search: z.string().optional()
});

// Worded as Storage's validator words it (`readJson` words a missing value).
const says = (message: string) => ({ message });
const allowedValues = 'must be equal to one of the allowed values';
const listV2Body = z
	.object({
		prefix: z.string(says('must be string')).optional(),
		limit: z
			.number(says('must be integer'))
			.int(says('must be integer'))
			.min(1, says('must be >= 1'))
			.optional(),
		cursor: z.string(says('must be string')).optional(),
		with_delimiter: z.boolean(says('must be boolean')).optional(),
		sortBy: z
			.object({
				column: z.enum(['name', 'updated_at', 'created_at'], says(allowedValues)),
				order: z.enum(['asc', 'desc'], says(allowedValues)).optional()
			})
			.optional()
	})
	.optional();

export function listRoutes(ctx: StorageContext): StorageRoute[] {
	const list = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = await readJson(r.req, listBody);
		assertValidBucketName(r.bucket);
		// The prefix always names a folder.
		const prefix = body.prefix && !body.prefix.endsWith('/') ? `${body.prefix}/` : body.prefix;
		const entries = await runAs(ctx.db, caller, r.info, (tx) =>
			searchObjects(tx, r.bucket, prefix, {
				limit: body.limit ?? 100,
				offset: body.offset ?? 0,
				search: body.search ?? '',
				sortColumn: body.sortBy?.column ?? 'name',
				sortOrder: body.sortBy?.order ?? 'asc'
			})
		);
		sendJson(r.res, 200, entries);
	};

	const listPage = async (r: StorageRequest) => {
		const caller = await authenticate(r.req, ctx.jwt);
		const body = (await readJson(r.req, listV2Body)) ?? {};
		assertValidBucketName(r.bucket);
		const page = await runAs(ctx.db, caller, r.info, (tx) => listV2(tx, r.bucket, body));
		sendJson(r.res, 200, page);
	};

	return [
		{ method: 'POST', pattern: '/object/list/:bucket', handle: list },
		{ method: 'POST', pattern: '/object/list-v2/:bucket', handle: listPage }
	];
}
