// PKCE flow state (auth.flow_state): the code challenge a client sent with a sign-up, magic link,
// recovery or email change, and the auth code /verify hands back for exchange at /token.
import { createHash, randomUUID } from 'node:crypto';
import type { Queryable } from '../db';
import { badRequest, notFound, unprocessable } from './errors';
import type { AuthenticationMethod } from './sessions';

export interface FlowState {
	id: string;
	user_id: string | null;
	auth_code: string;
	code_challenge: string;
	code_challenge_method: string;
	authentication_method: AuthenticationMethod;
	/** Seconds since the flow began, and since its code was issued (null before). */
	age: number;
	issued_age: number | null;
}

export async function createFlowState(
	tx: Queryable,
	userId: string,
	method: AuthenticationMethod,
	challenge: { code_challenge?: string; code_challenge_method?: string }
): Promise<void> {
	await tx.query(
		`insert into auth.flow_state (id, user_id, auth_code, code_challenge_method, code_challenge,
			provider_type, authentication_method, created_at, updated_at)
		 values ($1, $2, $3, lower($4)::auth.code_challenge_method, $5, $6, $7, now(), now())`,
		[
			randomUUID(),
			userId,
			randomUUID(),
			challenge.code_challenge_method ?? 's256',
			challenge.code_challenge ?? '',
			method === 'email/signup' ? 'email' : method,
			method
		]
	);
}

const flowSelect = `select id, user_id, auth_code, code_challenge, code_challenge_method::text,
	authentication_method, extract(epoch from now() - created_at)::float8 as age,
	extract(epoch from now() - auth_code_issued_at)::float8 as issued_age from auth.flow_state`;

/** The auth code of the user's latest flow for `method`, marked issued; 400 when there is none. */
export async function issueAuthCode(
	tx: Queryable,
	userId: string,
	method: AuthenticationMethod
): Promise<string> {
	const { rows } = await tx.query<{ auth_code: string }>(
		`update auth.flow_state set auth_code_issued_at = now(), updated_at = now()
		 where id = (select id from auth.flow_state where user_id = $1 and authentication_method = $2
		             order by created_at desc limit 1)
		 returning auth_code`,
		[userId, method]
	);
	if (!rows[0]) {
		throw badRequest(
			'flow_state_not_found',
			'No associated flow state found. 422: No valid flow state found for user.'
		);
	}
	return rows[0].auth_code;
}

/** The flow an auth code belongs to, checked for age and against the code verifier. */
export async function redeemAuthCode(
	tx: Queryable,
	authCode: string,
	verifier: string,
	expirySeconds: number
): Promise<FlowState> {
	const { rows } = await tx.query<FlowState>(`${flowSelect} where auth_code = $1 for update`, [
		authCode
	]);
	const flow = rows[0];
	if (!flow?.user_id) {
		throw notFound('flow_state_not_found', 'invalid flow state, no valid flow state found');
	}
	const age =
		flow.authentication_method === 'magiclink' && flow.issued_age !== null
			? flow.issued_age
			: flow.age;
	if (age > expirySeconds) {
		throw unprocessable('flow_state_expired', 'invalid flow state, flow state has expired');
	}
	const expected =
		flow.code_challenge_method === 's256'
			? createHash('sha256').update(verifier).digest('base64url')
			: verifier;
	if (flow.code_challenge_method !== 's256' && flow.code_challenge_method !== 'plain') {
		throw badRequest('bad_code_verifier', 'code challenge method not supported');
	}
	if (expected !== flow.code_challenge) {
		throw badRequest(
			'bad_code_verifier',
			'code challenge does not match previously saved code verifier'
		);
	}
	return flow;
}

export async function deleteFlowState(tx: Queryable, id: string): Promise<void> {
	await tx.query(`delete from auth.flow_state where id = $1`, [id]);
}
