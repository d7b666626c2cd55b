// Generated HTTP requests for the Auth, REST and Storage APIs: real routes and wrong ones, real
// methods and others, every kind of credential, and bodies from plausible to nonsense.
import {
	awkwardString,
	body,
	contentTypes,
	encodePart,
	jsonObject,
	jsonValue,
	type Random
} from './random';

export interface Credentials {
	anon: string;
	serviceRole: string;
	/** Access tokens of signed-in people (customer, agent, admin). */
	users: string[];
	/** A token signed with the right secret that expired, and one signed with a wrong one. */
	expired: string;
	forged: string;
}

export interface FuzzRequest {
	method: string;
	path: string;
	headers: Record<string, string>;
	body?: string | Uint8Array;
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];

/** A path segment, usually readable, sometimes percent-encoded nonsense. */
function segment(r: Random, usual: readonly string[]): string {
	if (r.chance(0.7)) return r.pick(usual);
	const text = awkwardString(r);
	return r.chance(0.7) ? encodePart(text) : text.replace(/[#?]/g, '');
}

function credentialHeaders(r: Random, c: Credentials): Record<string, string> {
	// Mostly what supabase-js sends (a key, and the session's token or the key again), so requests
	// get past the front door and into the service; otherwise anything at all.
	if (r.chance(0.6)) {
		const [apikey, token] = r.pick([
			[c.anon, c.anon],
			...c.users.map((user) => [c.anon, user]),
			[c.serviceRole, c.serviceRole]
		]);
		return { apikey, authorization: `Bearer ${token}` };
	}
	const bearer = r.pick([
		c.anon,
		c.serviceRole,
		...c.users,
		c.expired,
		c.forged,
		'sb_publishable_ACJWlzQHlZjBrEguHvfOxg_3BJgxAaH',
		'sb_secret_N7UND0UgjKTVK-Uodkm0Hg_xSvEMPvz',
		'sb_publishable_not_ours',
		'not.a.jwt',
		awkwardString(r).replace(/[^\x20-\x7e]/g, '')
	]);
	const headers: Record<string, string> = {};
	if (!r.chance(0.1)) headers.apikey = r.chance(0.8) ? r.pick([c.anon, c.serviceRole]) : bearer;
	if (r.chance(0.7))
		headers.authorization = `${r.pick(['Bearer', 'bearer', 'Basic', ''])} ${bearer}`;
	return headers;
}

function withContentType(r: Random, headers: Record<string, string>, json: boolean) {
	headers['content-type'] = json && r.chance(0.8) ? 'application/json' : r.pick(contentTypes);
	if (headers['content-type'] === '') delete headers['content-type'];
	return headers;
}

const query = (params: [string, string][]) =>
	params.length ? `?${params.map(([k, v]) => `${k}=${encodePart(v)}`).join('&')}` : '';

// ---- Auth ------------------------------------------------------------------------------------

const authPaths = [
	'/health',
	'/settings',
	'/.well-known/jwks.json',
	'/signup',
	'/token',
	'/user',
	'/logout',
	'/recover',
	'/verify',
	'/otp',
	'/invite',
	'/admin/users',
	'/admin/users/00000000-0000-4000-8000-000000000000',
	'/admin/users/c1000000-0000-4000-8000-000000000001',
	'/admin/generate_link',
	'/authorize',
	'/callback',
	'/resend',
	'/magiclink',
	'/factors',
	'/sso',
	'/reauthenticate',
	'/admin/audit'
];

const demoEmails = ['client@autocrm.test', 'agent@autocrm.test', 'admin@autocrm.test'];

export function authRequest(r: Random, c: Credentials): FuzzRequest {
	const path = r.chance(0.9) ? r.pick(authPaths) : `/${segment(r, ['user', 'admin', 'token'])}`;
	const method = r.chance(0.8) ? r.pick(['GET', 'POST', 'PUT', 'DELETE']) : r.pick(methods);
	const params: [string, string][] = [];
	if (path === '/token' || r.chance(0.1))
		params.push([
			'grant_type',
			r.pick(['password', 'refresh_token', 'pkce', 'id_token', 'web3', awkwardString(r)])
		]);
	if (r.chance(0.2))
		params.push(['redirect_to', r.pick(['http://localhost:5173', awkwardString(r)])]);
	if (path === '/verify' && r.chance(0.5))
		params.push(
			['token', awkwardString(r)],
			['type', r.pick(['signup', 'recovery', 'invite', 'x'])]
		);
	if (path === '/logout')
		params.push(['scope', r.pick(['global', 'local', 'others', awkwardString(r)])]);
	if (path.startsWith('/admin/users') && r.chance(0.5))
		params.push(['page', String(jsonValue(r))], ['per_page', String(jsonValue(r))]);
	const headers = credentialHeaders(r, c);
	if (r.chance(0.7)) headers['x-supabase-api-version'] = r.pick(['2024-01-01', '2023-01-01', 'x']);
	const plausible = (key: string) => {
		if (key === 'email') return r.pick([...demoEmails, `fuzz-${r.int(0, 1e6)}@example.com`]);
		if (key === 'password') return r.pick(['autocrm-demo', 'fuzz-password-1', 'short']);
		if (key === 'type') return r.pick(['signup', 'recovery', 'invite', 'magiclink', 'email']);
		return undefined;
	};
	const keys = [
		'email',
		'password',
		'phone',
		'data',
		'refresh_token',
		'auth_code',
		'code_verifier',
		'token',
		'token_hash',
		'type',
		'app_metadata',
		'user_metadata',
		'email_confirm',
		'ban_duration',
		'role',
		'current_password',
		'gotrue_meta_security',
		'code_challenge',
		'code_challenge_method',
		'should_soft_delete',
		'id'
	];
	const request: FuzzRequest = { method, path: `/auth/v1${path}${query(params)}`, headers };
	if (method !== 'GET' && method !== 'HEAD') {
		withContentType(r, headers, true);
		request.body = body(r, () => jsonObject(r, keys, plausible));
	}
	return request;
}

// ---- REST ------------------------------------------------------------------------------------

const tableColumns: Record<string, string[]> = {
	tickets: [
		'id',
		'subject',
		'description',
		'status',
		'priority',
		'customer_id',
		'assignee_id',
		'team_id',
		'tags',
		'custom_fields',
		'created_at',
		'updated_at'
	],
	ticket_activities: [
		'id',
		'ticket_id',
		'author_id',
		'kind',
		'body',
		'is_internal',
		'meta',
		'created_at'
	],
	profiles: ['id', 'email', 'full_name', 'role', 'team_id', 'created_at', 'updated_at'],
	teams: ['id', 'name', 'description'],
	attachments: [
		'id',
		'ticket_id',
		'activity_id',
		'uploader_id',
		'object_path',
		'file_name',
		'size_bytes'
	],
	invitations: ['id', 'email', 'role', 'team_id', 'invited_by', 'expires_at', 'accepted_at'],
	sign_in_lockouts: ['user_id', 'failures', 'window_started_at', 'locked_until']
};
const tables = Object.keys(tableColumns);
const columns = [...new Set(Object.values(tableColumns).flat()), 'nope'];

/** A value of the kind the column holds, for filters and bodies that get past type checks. */
function plausibleValue(r: Random, column: string): string {
	if (column === 'id' || column.endsWith('_bytes') || column === 'failures')
		return String(r.int(1, 80));
	if (column.endsWith('_id') || column === 'invited_by')
		return r.pick(['c1000000-0000-4000-8000-000000000001', 'a1000000-0000-4000-8000-000000000001']);
	if (column === 'status') return r.pick(['open', 'pending', 'on_hold', 'solved', 'closed']);
	if (column === 'priority') return r.pick(['low', 'normal', 'high', 'urgent']);
	if (column === 'kind') return r.pick(['reply', 'note', 'status']);
	if (column === 'role') return r.pick(['client', 'agent', 'admin']);
	if (column.endsWith('_at')) return '2026-01-01T00:00:00Z';
	if (column === 'is_internal') return r.pick(['true', 'false']);
	return r.pick(['printer', 'Refund', 'x', '%a%']);
}

const operators = [
	'eq',
	'neq',
	'gt',
	'gte',
	'lt',
	'lte',
	'like',
	'ilike',
	'match',
	'imatch',
	'in',
	'is',
	'isdistinct',
	'fts',
	'plfts',
	'phfts',
	'wfts',
	'cs',
	'cd',
	'ov',
	'sl',
	'sr',
	'nxl',
	'nxr',
	'adj',
	'not.eq',
	'not.in',
	'like(any)',
	'ilike(all)',
	'zz'
];
const functions = [
	'user_role',
	'admin_sign_in_lockouts',
	'admin_clear_sign_in_lockout',
	'custom_access_token_hook',
	'password_verification_attempt_hook',
	'no_such_function'
];

function selectList(r: Random, depth = 0): string {
	return Array.from({ length: r.int(1, 5) }, () => {
		const roll = r.next();
		if (roll < 0.5) return r.pick(columns);
		if (roll < 0.6) return `${awkwardString(r).replace(/[,()]/g, '')}:${r.pick(columns)}`;
		if (roll < 0.7) return `${r.pick(columns)}::${r.pick(['text', 'int', 'jsonb', 'x'])}`;
		if (roll < 0.78) return `${r.pick(columns)}->${r.pick(['a', '0'])}->>${r.pick(['b', '1'])}`;
		if (roll < 0.85 && depth < 2)
			return `${r.pick(['', '...'])}${r.pick(tables)}${r.pick(['', '!inner', '!left', '!x'])}(${selectList(r, depth + 1)})`;
		if (roll < 0.9) return `${r.pick(columns)}.${r.pick(['count', 'sum', 'avg', 'max'])}()`;
		if (roll < 0.95) return '*';
		return awkwardString(r);
	}).join(',');
}

function condition(r: Random, depth = 0): string {
	if (depth < 2 && r.chance(0.2))
		return `${r.pick(['and', 'or', 'not.and'])}(${Array.from({ length: r.int(1, 3) }, () => condition(r, depth + 1)).join(',')})`;
	return `${r.pick(columns)}.${r.pick(operators)}.${filterValue(r)}`;
}

function filterValue(r: Random): string {
	return r.pick([
		'1',
		'open',
		'null',
		'true',
		'(1,2,3)',
		'("a,b",c)',
		'{a,b}',
		'[1,2)',
		'*x*',
		`"${awkwardString(r)}"`,
		awkwardString(r)
	]);
}

export function restRequest(r: Random, c: Credentials): FuzzRequest {
	const rpc = r.chance(0.15);
	const name = r.chance(0.9) ? r.pick(tables) : segment(r, tables);
	const table = rpc ? `rpc/${r.pick(functions)}` : name;
	const method = r.chance(0.6) ? 'GET' : r.pick(methods);
	// Half the time a request postgrest-js could have sent: real columns, fitting values.
	if (!rpc && tableColumns[name] && r.chance(0.5)) return plausibleRest(r, c, name, method);
	const params: [string, string][] = [];
	// Now and then a select list wider than PostgreSQL allows (1,664 columns).
	if (r.chance(0.01)) params.push(['select', Array.from({ length: 2000 }, () => 'id').join(',')]);
	else if (r.chance(0.7)) params.push(['select', selectList(r)]);
	for (let i = r.int(0, 3); i > 0; i -= 1) {
		if (r.chance(0.2)) params.push([r.pick(['or', 'and', 'not.or']), `(${condition(r)})`]);
		else
			params.push([
				`${r.chance(0.1) ? `${r.pick(tables)}.` : ''}${r.pick(columns)}`,
				`${r.pick(operators)}.${filterValue(r)}`
			]);
	}
	if (r.chance(0.3))
		params.push([
			'order',
			`${r.pick(columns)}.${r.pick(['asc', 'desc', 'x'])}.${r.pick(['nullsfirst', 'nullslast', 'y'])}`
		]);
	if (r.chance(0.3)) params.push(['limit', r.pick(['0', '1', '-1', '1001', 'x', '1e9'])]);
	if (r.chance(0.2)) params.push(['offset', r.pick(['0', '-5', 'x', '99999999999'])]);
	if (r.chance(0.1)) params.push(['on_conflict', r.pick(columns)]);
	if (r.chance(0.1)) params.push(['columns', r.some(columns, 3).join(',')]);
	const headers = credentialHeaders(r, c);
	if (r.chance(0.4))
		headers.prefer = r
			.some(
				[
					'return=representation',
					'return=minimal',
					'return=headers-only',
					'count=exact',
					'count=planned',
					'count=estimated',
					'resolution=merge-duplicates',
					'resolution=ignore-duplicates',
					'missing=default',
					'tx=rollback',
					'handling=strict',
					'max-affected=1',
					'params=single-object',
					awkwardString(r).replace(/[^\x20-\x7e]/g, '')
				],
				3
			)
			.join(', ');
	if (r.chance(0.3))
		headers.accept = r.pick([
			'application/json',
			'application/vnd.pgrst.object+json',
			'text/csv',
			'application/geo+json',
			'application/vnd.pgrst.plan+json',
			'application/vnd.pgrst.object+json;nulls=stripped',
			'text/html',
			'*/*'
		]);
	if (r.chance(0.2))
		headers[r.pick(['accept-profile', 'content-profile'])] = r.pick([
			'public',
			'auth',
			'storage',
			'x'
		]);
	if (r.chance(0.1)) headers.range = r.pick(['0-9', '5-1', 'x', '0-']);
	const request: FuzzRequest = { method, path: `/rest/v1/${table}${query(params)}`, headers };
	if (method !== 'GET' && method !== 'HEAD' && method !== 'DELETE') {
		withContentType(r, headers, true);
		request.body = body(r, () =>
			r.chance(0.2)
				? Array.from({ length: r.int(0, 3) }, () => jsonObject(r, columns))
				: jsonObject(r, columns, (key) => (key === 'subject' ? 'Fuzzed ticket' : undefined))
		);
	}
	return request;
}

function plausibleRest(r: Random, c: Credentials, table: string, method: string): FuzzRequest {
	const own = tableColumns[table];
	const params: [string, string][] = [['select', r.some(own, 4).join(',') || '*']];
	for (const column of r.some(own, 2)) {
		const op = r.pick(['eq', 'neq', 'gt', 'lt', 'in', 'is', 'like', 'ilike']);
		const value =
			op === 'in'
				? `(${plausibleValue(r, column)},${plausibleValue(r, column)})`
				: op === 'is'
					? r.pick(['null', 'true'])
					: plausibleValue(r, column);
		params.push([column, `${r.chance(0.2) ? 'not.' : ''}${op}.${value}`]);
	}
	if (r.chance(0.5)) params.push(['order', `${r.pick(own)}.${r.pick(['asc', 'desc'])}`]);
	if (r.chance(0.5)) params.push(['limit', String(r.int(1, 50))]);
	const headers = credentialHeaders(r, c);
	if (r.chance(0.3)) headers.prefer = r.pick(['count=exact', 'return=representation']);
	const request: FuzzRequest = { method, path: `/rest/v1/${table}${query(params)}`, headers };
	if (method === 'POST' || method === 'PATCH' || method === 'PUT') {
		headers['content-type'] = 'application/json';
		request.body = JSON.stringify(
			Object.fromEntries(
				r
					.some(
						own.filter((column) => column !== 'id'),
						3
					)
					.map((column) => [column, plausibleValue(r, column)])
			)
		);
	}
	return request;
}

/** Image transformation parameters, fitting or not. */
function transformQuery(r: Random): string {
	const params: [string, string][] = [];
	for (const name of r.some(['width', 'height', 'resize', 'format', 'quality', 'gravity'], 4))
		params.push([
			name,
			r.chance(0.6)
				? r.pick([
						'100',
						'0',
						'-1',
						'5000',
						'cover',
						'contain',
						'fill',
						'origin',
						'avif',
						'80',
						'19'
					])
				: awkwardString(r)
		]);
	return query(params);
}

/** A TUS step: creation, a chunk, a status check or a removal, with headers fitting or not. */
function resumable(r: Random, request: FuzzRequest, bucket: string, key: string): FuzzRequest {
	const base64 = (text: string) => Buffer.from(text).toString('base64');
	const headers = request.headers;
	if (r.chance(0.9)) headers['tus-resumable'] = r.pick(['1.0.0', '0.2.2', 'x']);
	if (request.method === 'POST') {
		headers['upload-length'] = r.pick(['5', '0', '-1', '999999999999', 'x']);
		if (r.chance(0.5)) headers['upload-defer-length'] = r.pick(['1', 'x']);
		headers['upload-metadata'] = r
			.some(
				[
					`bucketName ${base64(bucket)}`,
					`objectName ${base64(key)}`,
					`contentType ${base64(r.pick(['text/plain', 'image/png', awkwardString(r)]))}`,
					`cacheControl ${base64('3600')}`,
					`${awkwardString(r).replace(/[^a-z]/gi, '')} ${base64(awkwardString(r))}`,
					'broken'
				],
				4
			)
			.join(',');
	}
	if (request.method === 'PATCH') {
		headers['upload-offset'] = r.pick(['0', '3', '-1', 'x']);
		headers['content-type'] = r.pick(['application/offset+octet-stream', 'text/plain']);
		request.body = new TextEncoder().encode(awkwardString(r));
	}
	return request;
}

// ---- Storage ---------------------------------------------------------------------------------

const buckets = ['attachments', 'avatars', 'no-such-bucket'];
const keys = ['1/a/file.txt', 'file.txt', 'a/b/c/d.png', '.emptyFolderPlaceholder', 'x'];

export function storageRequest(r: Random, c: Credentials): FuzzRequest {
	const bucket = segment(r, buckets);
	const key = r.chance(0.8)
		? r.pick(keys)
		: Array.from({ length: r.int(1, 4) }, () => segment(r, keys)).join('/');
	const route = r.pick([
		['GET', '/bucket'],
		['POST', '/bucket'],
		['GET', `/bucket/${bucket}`],
		['PUT', `/bucket/${bucket}`],
		['DELETE', `/bucket/${bucket}`],
		['POST', `/bucket/${bucket}/empty`],
		['POST', `/object/list/${bucket}`],
		['POST', `/object/${bucket}/${key}`],
		['PUT', `/object/${bucket}/${key}`],
		['GET', `/object/${bucket}/${key}`],
		['HEAD', `/object/${bucket}/${key}`],
		['DELETE', `/object/${bucket}/${key}`],
		['DELETE', `/object/${bucket}`],
		['GET', `/object/public/${bucket}/${key}`],
		['GET', `/object/authenticated/${bucket}/${key}`],
		['GET', `/object/info/${bucket}/${key}`],
		['POST', `/object/sign/${bucket}/${key}`],
		['POST', `/object/sign/${bucket}`],
		['GET', `/object/sign/${bucket}/${key}?token=${encodePart(awkwardString(r))}`],
		['POST', `/object/upload/sign/${bucket}/${key}`],
		['PUT', `/object/upload/sign/${bucket}/${key}?token=${encodePart(awkwardString(r))}`],
		['POST', '/object/move'],
		['POST', '/object/copy'],
		[
			'GET',
			`/render/image/${r.pick(['public', 'authenticated', 'sign'])}/${bucket}/${key}${transformQuery(r)}`
		],
		['POST', `/object/list-v2/${bucket}`],
		['POST', '/upload/resumable'],
		[r.pick(['PATCH', 'HEAD', 'DELETE']), `/upload/resumable/${segment(r, ['abc', 'x'])}`],
		[r.pick(methods), `/${segment(r, ['object', 'bucket', 's3'])}/${bucket}`]
	] as const);
	const [method, path] = route;
	const headers = credentialHeaders(r, c);
	const request: FuzzRequest = { method, path: `/storage/v1${path}`, headers };
	if (path.startsWith('/upload/resumable')) return resumable(r, request, bucket, key);
	if (method === 'DELETE' && r.chance(0.5)) {
		withContentType(r, headers, true);
		request.body = body(r, () =>
			jsonObject(r, ['prefixes'], () => [r.pick(keys), awkwardString(r)])
		);
	} else if (method === 'POST' || method === 'PUT') {
		const upload = path.startsWith('/object/') && !/list|sign|move|copy/.test(path);
		if (upload && r.chance(0.6)) {
			headers['content-type'] = r.pick([
				'text/plain',
				'text/plain; charset=utf-8',
				'IMAGE/PNG',
				'application/pdf',
				'application/x-msdownload',
				'text/html',
				awkwardString(r).replace(/[^\x20-\x7e]/g, '')
			]);
			if (r.chance(0.3)) headers['x-upsert'] = r.pick(['true', 'false', 'x']);
			if (r.chance(0.2)) headers['cache-control'] = awkwardString(r).replace(/[^\x20-\x7e]/g, '');
			if (r.chance(0.2)) headers['x-metadata'] = awkwardString(r).replace(/[^\x20-\x7e]/g, '');
			request.body = new TextEncoder().encode(awkwardString(r));
		} else {
			withContentType(r, headers, true);
			request.body = body(r, () =>
				jsonObject(
					r,
					[
						'name',
						'id',
						'public',
						'file_size_limit',
						'allowed_mime_types',
						'prefix',
						'limit',
						'offset',
						'sortBy',
						'search',
						'expiresIn',
						'paths',
						'bucketId',
						'sourceKey',
						'destinationKey',
						'destinationBucket',
						'prefixes'
					],
					(name) => (name === 'prefix' ? '' : name === 'expiresIn' ? 60 : undefined)
				)
			);
		}
	}
	return request;
}
