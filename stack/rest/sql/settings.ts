// The statement that opens every request's transaction, as PostgREST's txVarQuery: search_path, the
// role's hoisted settings, the role, the JWT claims and the request's method, path, headers and
// cookies, each with set_config(…, true) so they end with the transaction. A read-only request makes
// its transaction read only here too (PostgREST's BEGIN READ ONLY): the setting may always be turned
// on mid-transaction, and once a query has run nothing can turn it off again.
import { Params, ident } from './fragments';

export interface RequestSettings {
	/** The request's schema first, then config.api.extra_search_path. */
	searchPath: string[];
	roleSettings: [string, string][];
	role: string;
	claims: Record<string, unknown>;
	method: string;
	path: string;
	/** Lower-cased header names to values, cookies excluded. */
	headers: Record<string, string>;
	cookies: Record<string, string>;
	timezone?: string;
	readOnly: boolean;
}

export function settingsSql(settings: RequestSettings): { sql: string; params: Params } {
	const p = new Params();
	const set = (name: string, value: string) => `set_config(${p.add(name)}, ${p.add(value)}, true)`;
	const calls = [
		...(settings.readOnly ? [set('transaction_read_only', 'on')] : []),
		set('search_path', settings.searchPath.map(ident).join(', ')),
		...settings.roleSettings.map(([name, value]) => set(name, value)),
		set('role', settings.role),
		set('request.jwt.claims', JSON.stringify(settings.claims)),
		set('request.method', settings.method),
		set('request.path', settings.path),
		set('request.headers', JSON.stringify(settings.headers)),
		set('request.cookies', JSON.stringify(settings.cookies)),
		...(settings.timezone === undefined ? [] : [set('timezone', settings.timezone)])
	];
	// No columns out: the values set need not travel back. The subquery keeps the calls, which are
	// volatile, so the planner neither drops nor merges them.
	return { sql: `select from (select ${calls.join(', ')}) settings`, params: p };
}
