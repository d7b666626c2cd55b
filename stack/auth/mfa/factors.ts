// Reading and writing auth.mfa_factors and auth.mfa_challenges as GoTrue's models do, and the
// factor as GoTrue's JSON shows it.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../../db';
import { goTime } from '../go-time';
import type { MfaSettings } from '../settings';

export type FactorType = 'totp' | 'phone' | 'webauthn';

export interface FactorRow {
	id: string;
	user_id: string;
	friendly_name: string;
	factor_type: FactorType;
	status: 'verified' | 'unverified';
	secret: string;
	created_at: string;
	updated_at: string;
	last_challenged_at: string | null;
}

const factorColumns = `f.id, f.user_id, coalesce(f.friendly_name, '') as friendly_name, f.factor_type,
	f.status, coalesce(f.secret, '') as secret, f.created_at, f.updated_at, f.last_challenged_at`;

/** The JSON a factor has in GoTrue's answers (and in the user's `factors`). */
export function factorJson(factor: FactorRow): Record<string, unknown> {
	return {
		id: factor.id,
		created_at: goTime(factor.created_at),
		updated_at: goTime(factor.updated_at),
		status: factor.status,
		...(factor.friendly_name && { friendly_name: factor.friendly_name }),
		factor_type: factor.factor_type,
		phone: '',
		last_challenged_at: goTime(factor.last_challenged_at)
	};
}

/** A SQL expression: the factors of the user `u` as JSON, for the user object. */
export const factorsOfUser = `(select coalesce(jsonb_agg(jsonb_build_object('id', f.id,
	'friendly_name', coalesce(f.friendly_name, ''), 'factor_type', f.factor_type, 'status', f.status,
	'created_at', f.created_at, 'updated_at', f.updated_at, 'last_challenged_at', f.last_challenged_at,
	'user_id', f.user_id, 'secret', '') order by f.created_at, f.id), '[]')
	from auth.mfa_factors f where f.user_id = u.id)`;

export async function listFactors(q: Queryable, userId: string): Promise<FactorRow[]> {
	const { rows } = await q.query<FactorRow>(
		`select ${factorColumns} from auth.mfa_factors f where f.user_id = $1
		 order by f.created_at, f.id`,
		[userId]
	);
	return rows;
}

/** The factor `factorId` if `userId` owns it (GoTrue's FindOwnedFactorByID). */
export async function findOwnedFactor(
	q: Queryable,
	userId: string,
	factorId: string
): Promise<FactorRow | undefined> {
	const { rows } = await q.query<FactorRow>(
		`select ${factorColumns} from auth.mfa_factors f where f.id = $1 and f.user_id = $2`,
		[factorId, userId]
	);
	return rows[0];
}

/** GoTrue's DeleteExpiredFactors: unverified factors never challenged, older than the expiry. */
export async function deleteExpiredFactors(tx: Queryable, settings: MfaSettings): Promise<void> {
	await tx.query(
		`delete from auth.mfa_factors f where f.status <> 'verified'
		   and not exists (select 1 from auth.mfa_challenges c where c.factor_id = f.id)
		   and f.created_at + make_interval(secs => $1) < now()`,
		[settings.unverifiedFactorExpirySeconds]
	);
}

export async function insertTotpFactor(
	tx: Queryable,
	userId: string,
	friendlyName: string,
	secret: string
): Promise<FactorRow> {
	const { rows } = await tx.query<FactorRow>(
		`insert into auth.mfa_factors as f (id, user_id, friendly_name, factor_type, status, secret,
			created_at, updated_at)
		 values ($1, $2, $3, 'totp', 'unverified', $4, now(), now())
		 returning ${factorColumns}`,
		[randomUUID(), userId, friendlyName, secret]
	);
	return rows[0];
}

export interface ChallengeRow {
	id: string;
	ip_address: string;
	verified: boolean;
	expired: boolean;
}

/** A challenge for the factor from `ip`, also recorded as the factor's last challenge. */
export async function createChallenge(
	tx: Queryable,
	factorId: string,
	ip: string,
	settings: MfaSettings
): Promise<{ id: string; expiresAt: number }> {
	const { rows } = await tx.query<{ id: string; expires_at: number }>(
		`with challenge as (
			insert into auth.mfa_challenges (id, factor_id, created_at, ip_address)
			values ($1, $2, now(), coalesce(nullif($3, '')::inet, '0.0.0.0'))
			returning id, created_at
		), factor as (
			update auth.mfa_factors set last_challenged_at = now() where id = $2
		)
		select id, floor(extract(epoch from created_at + make_interval(secs => $4)))::int8 as expires_at
		from challenge`,
		[randomUUID(), factorId, ip, settings.challengeExpirySeconds]
	);
	return { id: rows[0].id, expiresAt: Number(rows[0].expires_at) };
}

export async function findChallenge(
	q: Queryable,
	factorId: string,
	challengeId: string,
	settings: MfaSettings
): Promise<ChallengeRow | undefined> {
	const { rows } = await q.query<ChallengeRow>(
		`select id, host(ip_address) as ip_address, verified_at is not null as verified,
			created_at + make_interval(secs => $3) < now() as expired
		 from auth.mfa_challenges where id = $1 and factor_id = $2`,
		[challengeId, factorId, settings.challengeExpirySeconds]
	);
	return rows[0];
}

export async function deleteChallenge(tx: Queryable, challengeId: string): Promise<void> {
	await tx.query(`delete from auth.mfa_challenges where id = $1`, [challengeId]);
}

/**
 * A verified challenge: the challenge marked, the factor verified, its method added to the
 * session's `amr` and the session raised to aal2 with the factor recorded, as GoTrue's
 * verifyTOTPFactor does in one transaction.
 */
export async function completeChallenge(
	tx: Queryable,
	challengeId: string,
	factorId: string,
	sessionId: string
): Promise<void> {
	await tx.query(
		`with challenge as (
			update auth.mfa_challenges set verified_at = now() where id = $1
		), factor as (
			update auth.mfa_factors set status = 'verified', updated_at = now()
			where id = $2 and status <> 'verified'
		), claim as (
			insert into auth.mfa_amr_claims (id, session_id, authentication_method, created_at, updated_at)
			values ($4, $3, 'totp', now(), now())
			on conflict on constraint mfa_amr_claims_session_id_authentication_method_pkey
			do update set updated_at = now()
		)
		update auth.sessions set aal = 'aal2', factor_id = $2, updated_at = now() where id = $3`,
		[challengeId, factorId, sessionId, randomUUID()]
	);
}

/**
 * After a verification, GoTrue ends the user's sessions below aal2 and drops their unverified
 * factors of the same type.
 */
export async function afterVerification(tx: Queryable, userId: string): Promise<void> {
	await tx.query(
		`with ended as (
			delete from auth.sessions where user_id = $1 and aal < 'aal2'
		)
		delete from auth.mfa_factors where user_id = $1 and status = 'unverified' and factor_type = 'totp'`,
		[userId]
	);
}

/**
 * Removes a factor: its sessions lose the factor's `amr` entry and drop to aal1 (GoTrue's
 * DowngradeSessionsToAAL1), and its challenges go with it.
 */
export async function deleteFactor(tx: Queryable, factor: FactorRow): Promise<void> {
	await tx.query(
		`with claims as (
			delete from auth.mfa_amr_claims where authentication_method = 'totp'
			  and session_id in (select id from auth.sessions where factor_id = $1)
		), sessions as (
			update auth.sessions set aal = 'aal1', factor_id = null where user_id = $2 and factor_id = $1
		)
		delete from auth.mfa_factors where id = $1`,
		[factor.id, factor.user_id]
	);
}

export async function renameFactor(
	tx: Queryable,
	factorId: string,
	friendlyName: string
): Promise<FactorRow> {
	const { rows } = await tx.query<FactorRow>(
		`update auth.mfa_factors as f set friendly_name = $2, updated_at = now() where id = $1
		 returning ${factorColumns}`,
		[factorId, friendlyName]
	);
	return rows[0];
}
