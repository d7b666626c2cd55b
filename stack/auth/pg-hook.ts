// How GoTrue calls a `pg-functions://` hook: `set local statement_timeout` to 2 s, `select
// "schema"."fn"($1)` with the input as JSON, reset the timeout; then an `{"error": {http_code,
// message}}` output aborts the request with that status (500 by default), and any other output is
// handed to the hook's own reader. Any SQL error or timeout fails the request with a 500.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db';
import { AuthError, internal } from './errors';
import type { HookTarget } from './settings';

export type HookOutput = Record<string, unknown> | null;

/** The `metadata` every hook input starts with (GoTrue's `v0hooks.Metadata`). */
export const hookMetadata = (name: string, ip: string) => ({
	uuid: randomUUID(),
	time: new Date().toISOString(),
	name,
	...(ip && { ip_address: ip })
});

function parseOutput(raw: unknown): unknown {
	if (typeof raw !== 'string') return raw;
	try {
		return JSON.parse(raw);
	} catch (error) {
		throw internal('Error unmarshaling JSON output.', error);
	}
}

/** GoTrue's `hookserrors.Check`: an error object with a message ends the request. */
function checkHookError(output: unknown): void {
	if (output === null || typeof output !== 'object' || Array.isArray(output)) return;
	const { error } = output as { error?: { http_code?: unknown; message?: unknown } };
	if (!error || typeof error !== 'object' || typeof error.message !== 'string' || !error.message)
		return;
	const status = typeof error.http_code === 'number' && error.http_code > 0 ? error.http_code : 500;
	throw new AuthError(status, undefined, error.message);
}

/** Runs the hook in `tx` and returns its output object (null for a JSON null). */
export async function invokePgHook(
	tx: Queryable,
	hook: HookTarget,
	input: unknown
): Promise<HookOutput> {
	let raw: unknown;
	try {
		await tx.exec(`set local statement_timeout to '2000'`);
		const { rows } = await tx.query<{ output: unknown }>(
			`select ${hook.sqlName}($1::jsonb) as output`,
			[JSON.stringify(input)]
		);
		raw = rows[0]?.output;
		await tx.exec(`set local statement_timeout to default`);
	} catch (error) {
		throw internal(`Error running hook URI: ${hook.uri}`, error);
	}
	const output = parseOutput(raw);
	checkHookError(output);
	if (output !== null && (typeof output !== 'object' || Array.isArray(output))) {
		throw internal('Error unmarshaling JSON output.');
	}
	return output as HookOutput;
}
