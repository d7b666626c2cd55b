// Reading and writing auth.users and auth.identities. Token columns that seed scripts leave NULL
// read as '' (GoTrue itself requires ''), and a NULL instance_id counts as the default instance.
import { randomUUID } from 'node:crypto';
import type { Queryable, SqlParam } from '../db';
import { goTime } from './go-time';
import { factorsOfUser, type FactorRow } from './mfa/factors';

const timestampColumns = [
	'email_confirmed_at',
	'invited_at',
	'phone_confirmed_at',
	'confirmation_sent_at',
	'confirmed_at',
	'recovery_sent_at',
	'email_change_sent_at',
	'phone_change_sent_at',
	'reauthentication_sent_at',
	'last_sign_in_at',
	'created_at',
	'updated_at',
	'banned_until',
	'deleted_at'
] as const;

const tokenColumns = [
	'confirmation_token',
	'recovery_token',
	'email_change_token_current',
	'email_change_token_new',
	'email_change',
	'phone_change',
	'reauthentication_token'
] as const;

type Timestamp = (typeof timestampColumns)[number];
type Token = (typeof tokenColumns)[number];

export type UserRow = Record<Timestamp, string | null> &
	Record<Token, string> & {
		id: string;
		aud: string;
		role: string;
		email: string;
		phone: string;
		encrypted_password: string;
		email_change_confirm_status: number;
		raw_app_meta_data: Record<string, unknown>;
		raw_user_meta_data: Record<string, unknown>;
		is_anonymous: boolean;
		is_sso_user: boolean;
		banned: boolean;
		identities: IdentityRow[];
		factors: FactorRow[];
	};

export interface IdentityRow {
	identity_id: string;
	id: string;
	user_id: string;
	identity_data: Record<string, unknown>;
	provider: string;
	last_sign_in_at: string | null;
	created_at: string;
	updated_at: string;
	email: string | null;
}

/** The columns of a UserRow, from auth.users aliased `u` (other queries may join it). */
export const userColumns = `u.id, coalesce(u.aud, '') as aud, coalesce(u.role, '') as role,
	coalesce(u.email, '') as email, coalesce(u.phone, '') as phone,
	coalesce(u.encrypted_password, '') as encrypted_password,
	${tokenColumns.map((c) => `coalesce(u.${c}, '') as ${c}`).join(', ')},
	${timestampColumns.map((c) => `u.${c}`).join(', ')},
	coalesce(u.email_change_confirm_status, 0)::int as email_change_confirm_status,
	coalesce(u.raw_app_meta_data, '{}') as raw_app_meta_data,
	coalesce(u.raw_user_meta_data, '{}') as raw_user_meta_data,
	u.is_anonymous, u.is_sso_user, coalesce(u.banned_until > now(), false) as banned,
	(select coalesce(jsonb_agg(jsonb_build_object('identity_id', i.id, 'id', i.provider_id,
		'user_id', i.user_id, 'identity_data', i.identity_data, 'provider', i.provider,
		'last_sign_in_at', i.last_sign_in_at, 'created_at', i.created_at,
		'updated_at', i.updated_at, 'email', i.email) order by i.created_at, i.id), '[]')
	 from auth.identities i where i.user_id = u.id) as identities,
	${factorsOfUser} as factors`;

const userSelect = `select ${userColumns} from auth.users u`;

/** A row selected with userColumns, its timestamps in GoTrue's JSON form. */
export function normalize(row: UserRow): UserRow {
	for (const column of timestampColumns) row[column] = goTime(row[column]);
	for (const identity of row.identities) {
		identity.last_sign_in_at = goTime(identity.last_sign_in_at);
		identity.created_at = goTime(identity.created_at);
		identity.updated_at = goTime(identity.updated_at);
	}
	return row;
}

const defaultInstance = `coalesce(u.instance_id, '00000000-0000-0000-0000-000000000000') = '00000000-0000-0000-0000-000000000000'`;

async function findOne(q: Queryable, where: string, params: SqlParam[]) {
	const { rows } = await q.query<UserRow>(`${userSelect} where ${where} limit 1`, params);
	return rows[0] && normalize(rows[0]);
}

export const findUserById = (q: Queryable, id: string): Promise<UserRow | undefined> =>
	findOne(q, `u.id = $1::uuid`, [id]);

export const findUserByEmail = (q: Queryable, email: string, aud: string) =>
	findOne(
		q,
		`${defaultInstance} and lower(u.email) = lower($1) and u.aud = $2 and u.is_sso_user = false`,
		[email, aud]
	);

export const findUserByPhone = (q: Queryable, phone: string, aud: string) =>
	findOne(q, `${defaultInstance} and u.phone = $1 and u.aud = $2 and u.is_sso_user = false`, [
		phone,
		aud
	]);

/** The owner of a one-time token of one of `types`. */
export async function findUserByOneTimeToken(
	q: Queryable,
	hash: string,
	types: string[]
): Promise<UserRow | undefined> {
	return findOne(
		q,
		`u.id = (select t.user_id from auth.one_time_tokens t
		         where t.token_hash = $1
		           and t.token_type::text in (select jsonb_array_elements_text($2::jsonb)) limit 1)`,
		[hash, JSON.stringify(types)]
	);
}

/**
 * A user whose email is already taken in the default identity-linking domain, as GoTrue's
 * duplicate check finds it (through email identities, then auth.users).
 */
export async function findDuplicateEmail(
	q: Queryable,
	email: string,
	aud: string,
	exceptUserId?: string
): Promise<UserRow | undefined> {
	return findOne(
		q,
		`u.aud = $2 and ($3::uuid is null or u.id <> $3::uuid) and (
			u.id in (select i.user_id from auth.identities i
			         where i.email = lower($1) and i.provider not like 'sso:%')
			or (${defaultInstance} and lower(u.email) = lower($1) and u.is_sso_user = false))`,
		[email, aud, exceptUserId ?? null]
	);
}

export interface NewUser {
	id?: string;
	aud: string;
	role: string;
	email: string | null;
	phone: string | null;
	passwordHash: string;
	appMetadata: Record<string, unknown>;
	userMetadata: Record<string, unknown>;
	isAnonymous?: boolean;
}

/** Inserts the auth.users row, as GoTrue creates it (token columns '', timestamps now). */
export async function insertUser(tx: Queryable, user: NewUser): Promise<string> {
	const id = user.id ?? randomUUID();
	await tx.query(
		`insert into auth.users (instance_id, id, aud, role, email, phone, encrypted_password,
			raw_app_meta_data, raw_user_meta_data, is_anonymous, confirmation_token, recovery_token,
			email_change_token_new, email_change_token_current, email_change, phone_change,
			phone_change_token, reauthentication_token, created_at, updated_at)
		 values ('00000000-0000-0000-0000-000000000000', $1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb,
			$9, '', '', '', '', '', '', '', '', now(), now())`,
		[
			id,
			user.aud,
			user.role,
			user.email,
			user.phone,
			user.passwordHash,
			JSON.stringify(user.appMetadata),
			JSON.stringify(user.userMetadata),
			user.isAnonymous ?? false
		]
	);
	return id;
}

/** The identity data GoTrue records for an email or phone identity, merged with sign-up data. */
export function identityData(
	userId: string,
	fields: { email?: string; phone?: string; email_verified?: boolean; phone_verified?: boolean },
	extra: Record<string, unknown> = {}
): Record<string, unknown> {
	const data: Record<string, unknown> = {
		sub: userId,
		...(fields.email && { email: fields.email }),
		email_verified: fields.email_verified ?? false,
		...(fields.phone && { phone: fields.phone }),
		phone_verified: fields.phone_verified ?? false
	};
	for (const [key, value] of Object.entries(extra)) if (!(key in data)) data[key] = value;
	return data;
}

export async function insertIdentity(
	tx: Queryable,
	userId: string,
	provider: string,
	data: Record<string, unknown>
): Promise<void> {
	await tx.query(
		`insert into auth.identities (id, provider_id, user_id, identity_data, provider,
			last_sign_in_at, created_at, updated_at)
		 values ($1, $2, $3, $4::jsonb, $5, now(), now(), now())`,
		[randomUUID(), String(data.sub), userId, JSON.stringify(data), provider]
	);
}

/** Merges `changes` into the identity's data (GoTrue's UpdateIdentityData). */
export async function updateIdentityData(
	tx: Queryable,
	userId: string,
	provider: string,
	changes: Record<string, unknown>
): Promise<void> {
	await tx.query(
		`update auth.identities set identity_data = identity_data || $3::jsonb, updated_at = now()
		 where user_id = $1 and provider = $2`,
		[userId, provider, JSON.stringify(changes)]
	);
}

export type UserColumn =
	| 'email'
	| 'phone'
	| 'role'
	| 'encrypted_password'
	| 'email_confirmed_at'
	| 'phone_confirmed_at'
	| 'invited_at'
	| 'confirmation_token'
	| 'confirmation_sent_at'
	| 'recovery_token'
	| 'recovery_sent_at'
	| 'email_change'
	| 'email_change_token_new'
	| 'email_change_token_current'
	| 'email_change_sent_at'
	| 'email_change_confirm_status'
	| 'last_sign_in_at'
	| 'banned_until'
	| 'is_anonymous'
	| 'deleted_at'
	| 'reauthentication_token'
	| 'reauthentication_sent_at';

/** `now()` as a value for a timestamp column. */
export const now = Symbol('now');

/**
 * Sets some columns of one user and bumps updated_at, as GoTrue's UpdateOnly does. Strings are
 * bound as text and cast by PostgreSQL to the column's type.
 */
export async function updateUser(
	tx: Queryable,
	id: string,
	values: Partial<Record<UserColumn, SqlParam | typeof now>>
): Promise<void> {
	const params: SqlParam[] = [id];
	const sets = Object.entries(values).map(([column, value]) => {
		if (value === now) return `${column} = now()`;
		params.push(value as SqlParam);
		return `${column} = $${params.length}`;
	});
	await tx.query(
		`update auth.users set ${[...sets, 'updated_at = now()'].join(', ')} where id = $1`,
		params
	);
}

/** Merges `updates` into a metadata column, deleting keys set to null (GoTrue's semantics). */
export async function mergeMetadata(
	tx: Queryable,
	id: string,
	column: 'raw_app_meta_data' | 'raw_user_meta_data',
	updates: Record<string, unknown>
): Promise<void> {
	const removed = Object.keys(updates).filter((key) => updates[key] === null);
	const kept = Object.fromEntries(Object.entries(updates).filter(([, value]) => value !== null));
	await tx.query(
		`update auth.users
		 set ${column} = (coalesce(${column}, '{}') || $2::jsonb)
		       - array(select jsonb_array_elements_text($3::jsonb)),
		     updated_at = now()
		 where id = $1`,
		[id, JSON.stringify(kept), JSON.stringify(removed)]
	);
}

/** Removes every outstanding one-time token of a user (after confirming, recovering, …). */
export async function clearOneTimeTokens(tx: Queryable, userId: string, type?: string) {
	await tx.query(
		`delete from auth.one_time_tokens where user_id = $1 and ($2::text is null or token_type::text = $2)`,
		[userId, type ?? null]
	);
}

/** Records the one-time token a link carries, replacing the user's previous one of that type. */
export async function saveOneTimeToken(
	tx: Queryable,
	userId: string,
	type: string,
	hash: string,
	relatesTo: string
): Promise<void> {
	await clearOneTimeTokens(tx, userId, type);
	await tx.query(
		`insert into auth.one_time_tokens (id, user_id, token_type, token_hash, relates_to)
		 values ($1, $2, $3::auth.one_time_token_type, $4, lower($5))`,
		[randomUUID(), userId, type, hash, relatesTo]
	);
}
