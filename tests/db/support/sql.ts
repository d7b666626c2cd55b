// SQL-level requests: run statements as PostgREST would for a signed-in user (role
// `authenticated` and the JWT claims as `request.jwt.claims`), in a transaction that is always
// rolled back, so each check starts from the seeded data.
import {
	isPostgresError,
	type Database,
	type PostgresError,
	type Queryable
} from '../../../stack/db';
import { demo, demoRole, type DemoName } from './demo';

/** Runs `work` in a transaction and rolls it back, returning what `work` returned. */
export const rolledBack = <T>(db: Database, work: (tx: Queryable) => Promise<T>): Promise<T> =>
	db.transaction(work, { rollback: true });

/** The claims the Auth server (with the project's hook) puts into a demo user's access token. */
export function claimsOf(name: DemoName): Record<string, unknown> {
	return {
		sub: demo[name].id,
		role: 'authenticated',
		aud: 'authenticated',
		email: demo[name].email,
		user_role: demoRole[name],
		app_metadata: { provider: 'email', providers: ['email'], user_role: demoRole[name] },
		user_metadata: {}
	};
}

/** Switches the transaction to `authenticated` with `claims`, or to `anon` when claims are null. */
export async function actAs(tx: Queryable, claims: Record<string, unknown> | null): Promise<void> {
	await tx.query(
		`select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)`,
		[
			claims ? String(claims.role ?? 'authenticated') : 'anon',
			JSON.stringify(claims ?? { role: 'anon' })
		]
	);
}

/** Runs one statement that is expected to fail, inside a savepoint, and returns its error. */
export async function failure(tx: Queryable, sql: string, params: (string | number | null)[] = []) {
	await tx.query('savepoint expected_failure');
	try {
		await tx.query(sql, params);
	} catch (error) {
		await tx.query('rollback to savepoint expected_failure');
		if (isPostgresError(error)) return error as PostgresError;
		throw error;
	}
	await tx.query('release savepoint expected_failure');
	throw new Error(`expected the statement to fail: ${sql}`);
}

/** Sets the workflow clock (`autocrm.clock`, read by SLA, routing and automations) until the
 * transaction ends. */
export async function setClock(tx: Queryable, at: string): Promise<void> {
	await tx.query(`select set_config('autocrm.clock', $1, true)`, [at]);
}

/** Back to the database owner, as triggers, the seed and the minute job run. */
export async function actAsOwner(tx: Queryable): Promise<void> {
	await tx.query('reset role');
}

/** Runs the minute job as the scheduler does (as the owner), at `at`; should the stack's own
 * scheduler be running it at that moment, after that run. */
export async function runMinuteJobs(tx: Queryable, at: string): Promise<Record<string, unknown>> {
	await actAsOwner(tx);
	const { rows } = await tx.query<{ result: Record<string, unknown> }>(
		'select public.run_minute_jobs(now => $1, wait => true) as result',
		[at]
	);
	return rows[0].result;
}
