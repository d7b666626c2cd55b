// The custom access token hook as GoTrue runs a `pg-functions://` hook: inside the token's
// transaction, as supabase_auth_admin, with a 2 s statement timeout. Its `claims` replace the
// token's claims after the same checks GoTrue makes; `{"error": …}` or any SQL error fails the grant.
import type { Queryable } from '../db';
import { AuthError, internal } from './errors';
import { hookMetadata, invokePgHook } from './pg-hook';
import type { HookTarget } from './settings';

export type Claims = Record<string, unknown>;

export interface HookInput {
	userId: string;
	claims: Claims;
	authenticationMethod: string;
	ip: string;
}

const requiredClaims = [
	'aud',
	'exp',
	'iat',
	'sub',
	'email',
	'phone',
	'role',
	'aal',
	'session_id',
	'is_anonymous'
];

type JsonType = 'string' | 'integer' | 'object' | 'array';

// GoTrue's MinimumViableTokenSchema: the claims every access token needs and their types.
const claimTypes: Record<string, JsonType[]> = {
	aud: ['string', 'array'],
	exp: ['integer'],
	jti: ['string'],
	iat: ['integer'],
	iss: ['string'],
	nbf: ['integer'],
	sub: ['string'],
	email: ['string'],
	phone: ['string'],
	app_metadata: ['object'],
	user_metadata: ['object'],
	role: ['string'],
	aal: ['string'],
	amr: ['array'],
	session_id: ['string'],
	client_id: ['string']
};

function jsonTypeOf(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'array';
	if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
	return typeof value === 'object' ? 'object' : typeof value;
}

/** The schema violations in `claims`, worded like the JSON-schema validator GoTrue uses. */
function claimProblems(claims: Claims): string[] {
	const problems = requiredClaims
		.filter((name) => !(name in claims))
		.map((name) => `(root): ${name} is required`);
	for (const [name, types] of Object.entries(claimTypes)) {
		if (!(name in claims)) continue;
		const actual = jsonTypeOf(claims[name]);
		if (!types.includes(actual as JsonType)) {
			problems.push(`${name}: Invalid type. Expected: ${types.join(', ')}, given: ${actual}`);
		}
	}
	if (Array.isArray(claims.amr)) {
		claims.amr.forEach((entry, index) => {
			const type = jsonTypeOf(entry);
			if (type !== 'string' && type !== 'object') {
				problems.push(`amr.${index}: Must validate at least one schema (anyOf)`);
			}
		});
	}
	return problems;
}

/** Calls the hook in `tx` and returns the claims to sign. */
export async function runAccessTokenHook(
	tx: Queryable,
	hook: HookTarget,
	input: HookInput
): Promise<Claims> {
	const event = {
		metadata: hookMetadata('customize-access-token', input.ip),
		user_id: input.userId,
		claims: input.claims,
		authentication_method: input.authenticationMethod
	};
	const output = await invokePgHook(tx, hook, event);
	if (output === null) throw internal('Error unmarshaling JSON output.');
	const { claims } = output;
	if (!('claims' in output)) throw new AuthError(500, undefined, 'output claims field is missing');
	if (claims !== null && (typeof claims !== 'object' || Array.isArray(claims))) {
		throw internal('Error unmarshaling JSON output.');
	}
	const problems =
		claims === null
			? ['(root): Invalid type. Expected: object, given: null']
			: claimProblems(claims as Claims);
	if (problems.length) {
		throw new AuthError(
			500,
			undefined,
			`output claims do not conform to the expected schema: \n${problems.map((p) => `- ${p}\n`).join('')}`
		);
	}
	return sortKeys(claims) as Claims;
}

/** Go marshals the hook's claims as a map: keys sorted, at every level. */
function sortKeys(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value === null || typeof value !== 'object') return value;
	return Object.fromEntries(
		Object.keys(value)
			.sort()
			.map((key) => [key, sortKeys((value as Record<string, unknown>)[key])])
	);
}
