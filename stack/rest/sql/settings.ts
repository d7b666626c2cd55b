// The statement that opens every request's transaction, as PostgREST's txVarQuery: search_path, the
// role's hoisted settings, the role, the JWT claims and the request's method, path, headers and
// cookies, each with set_config(…, true) so they end with the transaction. A read-only request makes
// its transaction read only here too (PostgREST's BEGIN READ ONLY): the setting may always be turned
// on mid-transaction, and once a query has run nothing can turn it off again. As in PostgREST, only
// the values and the role settings' names are parameters; the text depends on little else, so it is
// built once per variant and stays prepared.
import type { SqlParam } from '../../db';

export interface RequestSettings {
	/** The request's schema first, then config.api.extra_search_path, quoted and joined. */
	searchPath: string;
	roleSettings: [string, string][];
	role: string;
	/** The claims as JSON text, `role` included. */
	claims: string;
	method: string;
	path: string;
	/** Lower-cased header names to values, cookies excluded, as JSON text. */
	headers: string;
	/** Cookie names to values, as JSON text. */
	cookies: string;
	timezone?: string;
	readOnly: boolean;
}

const texts = new Map<string, string>();

function settingsText(readOnly: boolean, roleSettings: number, timezone: boolean): string {
	const variant = `${readOnly} ${roleSettings} ${timezone}`;
	const known = texts.get(variant);
	if (known !== undefined) return known;
	let n = 0;
	const constant = (name: string) => `set_config('${name}', $${++n}, true)`;
	const calls = [
		...(readOnly ? [`set_config('transaction_read_only', 'on', true)`] : []),
		constant('search_path'),
		...Array.from({ length: roleSettings }, () => `set_config($${++n}, $${++n}, true)`),
		constant('role'),
		constant('request.jwt.claims'),
		constant('request.method'),
		constant('request.path'),
		constant('request.headers'),
		constant('request.cookies'),
		...(timezone ? [constant('timezone')] : [])
	];
	// No columns out: the values set need not travel back. The subquery keeps the calls, which are
	// volatile, so the planner neither drops nor merges them.
	const text = `select from (select ${calls.join(', ')}) settings`;
	texts.set(variant, text);
	return text;
}

export function settingsSql(settings: RequestSettings): { sql: string; params: SqlParam[] } {
	const params: SqlParam[] = [settings.searchPath];
	for (const [name, value] of settings.roleSettings) params.push(name, value);
	params.push(
		settings.role,
		settings.claims,
		settings.method,
		settings.path,
		settings.headers,
		settings.cookies
	);
	if (settings.timezone !== undefined) params.push(settings.timezone);
	return {
		sql: settingsText(
			settings.readOnly,
			settings.roleSettings.length,
			settings.timezone !== undefined
		),
		params
	};
}
