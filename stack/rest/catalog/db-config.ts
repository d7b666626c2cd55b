// PostgREST's in-database configuration: the `pgrst.*` settings of the role it logs in as,
//   alter role authenticator [in database …] set pgrst.db_aggregates_enabled = 'true';
//   notify pgrst, 'reload config';
// read as PostgREST's queryDbSettings does (a database-specific setting beats a role-wide one) and
// coerced as its config parser does. Only the settings the stack honours are kept.

/** The role PostgREST connects as on Supabase; its settings are PostgREST's configuration. */
const authenticatorRole = 'authenticator';

export type TxEnd = 'commit' | 'commit-allow-override' | 'rollback' | 'rollback-allow-override';

export interface DbConfig {
	/** db-aggregates-enabled: `count()`, `sum()`, … in `select`. */
	aggregatesEnabled: boolean;
	/** db-plan-enabled: the `application/vnd.pgrst.plan` media type. */
	planEnabled: boolean;
	/** db-tx-end: how each request's transaction ends, and whether `Prefer: tx` may change it. */
	txEnd: TxEnd;
}

export const defaultDbConfig: DbConfig = {
	aggregatesEnabled: false,
	planEnabled: false,
	txEnd: 'commit'
};

const txEnds: readonly TxEnd[] = [
	'commit',
	'commit-allow-override',
	'rollback',
	'rollback-allow-override'
];

/** The `pgrst.*` settings of the authenticator ($1), database-specific ones first. */
export const dbConfigSql = `
with role_setting as (
  select s.setdatabase as database, unnest(s.setconfig) as setting
  from pg_catalog.pg_db_role_setting s
  join pg_catalog.pg_roles r on r.oid = s.setrole
  where r.rolname = $1
    and s.setdatabase in (0, (select oid from pg_catalog.pg_database where datname = current_catalog))
),
kv as (
  select database,
    substr(setting, 1, strpos(setting, '=') - 1) as k,
    substr(setting, strpos(setting, '=') + 1) as v
  from role_setting
)
select distinct on (k) substr(k, 7) as key, v as value
from kv
where k like 'pgrst.%' and v is not null
order by k, database desc`;

export const dbConfigParams = [authenticatorRole];

/**
 * PostgREST's reading of a boolean: any spelling of true/false once non-letters are dropped, else an
 * integer (positive is true), else unset.
 */
export function coerceBool(text: string): boolean | undefined {
	const letters = text.replace(/[^\p{L}]/gu, '').toLowerCase();
	if (letters === 'true') return true;
	if (letters === 'false') return false;
	return /^-?[0-9]+$/.test(text) ? Number(text) > 0 : undefined;
}

/**
 * The configuration the settings describe. An invalid `db_tx_end` fails PostgREST's reload, which
 * keeps the configuration it had: `previous` is that, and `log` says why.
 */
export function toDbConfig(
	rows: { key: string; value: string }[],
	previous: DbConfig,
	log: (line: string) => void
): DbConfig {
	// PostgREST takes an empty setting for an absent one.
	const settings = new Map(
		rows.filter((row) => row.value !== '').map((row) => [row.key, row.value])
	);
	const txEnd = settings.get('db_tx_end');
	if (txEnd !== undefined && !(txEnds as readonly string[]).includes(txEnd)) {
		log(
			`rest: pgrst.db_tx_end = '${txEnd}': Invalid transaction termination. Check your configuration.`
		);
		return previous;
	}
	const flag = (name: string) => {
		const value = settings.get(name);
		return (value === undefined ? undefined : coerceBool(value)) ?? false;
	};
	return {
		aggregatesEnabled: flag('db_aggregates_enabled'),
		planEnabled: flag('db_plan_enabled'),
		txEnd: (txEnd as TxEnd | undefined) ?? 'commit'
	};
}
