// Reads the schema cache from pg_catalog in one read-only transaction.
import type { Database, Queryable } from '../../db';
import { dbConfigParams, dbConfigSql, defaultDbConfig, toDbConfig } from './db-config';
import {
	computedRelationshipsSql,
	foreignKeysSql,
	primaryKeysSql,
	relationsSql,
	roleSettingsSql,
	routinesSql,
	viewsSql
} from './queries';
import { buildRelationships, type ForeignKey, type ViewKeyColumns } from './relationships';
import {
	key,
	type Catalog,
	type Column,
	type QualifiedName,
	type Relation,
	type Routine,
	type RoutineParam,
	type Volatility
} from './types';
import { viewColumnOrigins } from './view-columns';

/** Settings PostgREST copies from `ALTER ROLE … SET` into each request (its db-hoisted-tx-settings). */
const hoistedSettings = new Set([
	'statement_timeout',
	'plan_filter.statement_cost_limit',
	'default_transaction_isolation'
]);

interface RelationRow {
	schema: string;
	name: string;
	is_view: boolean;
	insertable: boolean;
	updatable: boolean;
	deletable: boolean;
	primary_key: string[];
	columns: Column[];
}

interface ForeignKeyRow {
	constraint: string;
	table_schema: string;
	table_name: string;
	table_is_view: boolean;
	foreign_schema: string;
	foreign_name: string;
	table_oid: number;
	foreign_oid: number;
	columns: [string, string, number, number][];
	one_to_one: boolean;
}

interface ComputedRow {
	schema: string;
	name: string;
	table_schema: string;
	table_name: string;
	foreign_schema: string;
	foreign_name: string;
	to_one: boolean;
}

interface RoutineRow {
	schema: string;
	name: string;
	volatility: 'i' | 's' | 'v';
	set_of: boolean;
	nargs: number;
	ndefaults: number;
	arg_names: string[];
	arg_modes: string[];
	arg_types: string[] | null;
	return_schema: string;
	return_name: string;
	return_composite: boolean;
}

const volatilities: Record<RoutineRow['volatility'], Volatility> = {
	i: 'immutable',
	s: 'stable',
	v: 'volatile'
};

/** The input parameters of a function, or undefined when PostgREST could not call it. */
function routineParams(row: RoutineRow): RoutineParam[] | undefined {
	const types = row.arg_types ?? [];
	const inputs = types
		.map((type, i) => ({ type, name: row.arg_names[i] ?? '', mode: row.arg_modes[i] ?? 'i' }))
		.filter((arg) => arg.mode === 'i' || arg.mode === 'b' || arg.mode === 'v');
	const unnamed = inputs.filter((arg) => arg.name === '');
	if (
		unnamed.length > 1 ||
		(unnamed.length === 1 && !['bytea', 'json', 'jsonb', 'text', 'xml'].includes(unnamed[0].type))
	)
		return undefined;
	const widened: Record<string, string> = {
		bit: 'bit varying',
		'bit[]': 'bit varying[]',
		character: 'character varying',
		'character[]': 'character varying[]'
	};
	return inputs.map((arg, i) => ({
		name: arg.name,
		type: arg.type,
		typeMaxLength: widened[arg.type] ?? arg.type,
		required: i < row.nargs - row.ndefaults,
		variadic: arg.mode === 'v'
	}));
}

function toRoutines(rows: RoutineRow[]): Map<string, Routine[]> {
	const routines = new Map<string, Routine[]>();
	for (const row of rows) {
		const params = routineParams(row);
		if (!params) continue;
		const routine: Routine = {
			schema: row.schema,
			name: row.name,
			params,
			returns: {
				setOf: row.set_of,
				composite: row.return_composite,
				type: { schema: row.return_schema, name: row.return_name }
			},
			volatility: volatilities[row.volatility]
		};
		const k = key(row.schema, row.name);
		routines.set(k, [...(routines.get(k) ?? []), routine]);
	}
	// Fewest parameters first, then by parameter names and types, as PostgREST orders overloads.
	const signature = (r: Routine) => r.params.map((p) => `${p.name}\u0000${p.type}`).join('\u0001');
	for (const overloads of routines.values())
		overloads.sort(
			(a, b) =>
				a.params.length - b.params.length ||
				(signature(a) < signature(b) ? -1 : signature(a) > signature(b) ? 1 : 0)
		);
	return routines;
}

function toRoleSettings(
	rows: { role: string; config: string[] }[]
): Map<string, [string, string][]> {
	const byRole = new Map<string, Map<string, string>>();
	for (const { role, config } of rows) {
		const settings = byRole.get(role) ?? new Map<string, string>();
		for (const entry of config) {
			const at = entry.indexOf('=');
			const name = entry.slice(0, at);
			if (hoistedSettings.has(name)) settings.set(name, entry.slice(at + 1));
		}
		byRole.set(role, settings);
	}
	return new Map([...byRole].map(([role, settings]) => [role, [...settings]]));
}

async function readRows(tx: Queryable, schemas: string[]) {
	const schemaList = `{${schemas.map((s) => `"${s.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
	await tx.exec(`set local search_path to ''`);
	return {
		relations: (await tx.query<RelationRow>(relationsSql, [schemaList])).rows,
		foreignKeys: (await tx.query<ForeignKeyRow>(foreignKeysSql)).rows,
		computed: (await tx.query<ComputedRow>(computedRelationshipsSql)).rows,
		primaryKeys: (await tx.query<{ table_oid: number; attnums: number[] }>(primaryKeysSql)).rows,
		views: (
			await tx.query<{ schema: string; name: string; definition: string }>(viewsSql, [schemaList])
		).rows,
		routines: (await tx.query<RoutineRow>(routinesSql, [schemaList])).rows,
		roleSettings: (await tx.query<{ role: string; config: string[] }>(roleSettingsSql)).rows,
		dbConfig: (await tx.query<{ key: string; value: string }>(dbConfigSql, dbConfigParams)).rows
	};
}

let loads = 0;

/**
 * @param previous the catalog this one replaces: its in-database configuration stays when the new
 * one is invalid, as a failed PostgREST config reload keeps the old.
 */
export async function loadCatalog(
	db: Database,
	schemas: string[],
	log: (line: string) => void,
	previous?: Catalog
): Promise<Catalog> {
	const rows = await db.transaction((tx) => readRows(tx, schemas), { readOnly: true });

	const views: ViewKeyColumns[] = rows.views.map(({ schema, name, definition }) => {
		const origins = new Map<string, string[]>();
		for (const origin of viewColumnOrigins(definition)) {
			const k = `${origin.tableOid}:${origin.attnum}`;
			origins.set(k, [...(origins.get(k) ?? []), origin.column]);
		}
		return { view: { schema, name }, origins };
	});

	const relations = new Map<string, Relation>();
	for (const row of rows.relations)
		relations.set(key(row.schema, row.name), {
			schema: row.schema,
			name: row.name,
			isView: row.is_view,
			insertable: row.insertable,
			updatable: row.updatable,
			deletable: row.deletable,
			primaryKey: row.primary_key,
			columns: new Map(row.columns.map((column) => [column.name, column]))
		});

	// A view showing every primary key column of one of its tables has that key too.
	for (const view of views) {
		const relation = relations.get(key(view.view.schema, view.view.name));
		if (!relation) continue;
		for (const pk of rows.primaryKeys) {
			const columns = pk.attnums.map((n) => view.origins.get(`${pk.table_oid}:${n}`)?.[0]);
			if (columns.every((c) => c !== undefined)) {
				relation.primaryKey = (columns as string[]).sort();
				break;
			}
		}
	}

	const foreignKeys: ForeignKey[] = rows.foreignKeys.map((row) => ({
		constraint: row.constraint,
		table: { schema: row.table_schema, name: row.table_name },
		tableIsView: row.table_is_view,
		foreignTable: { schema: row.foreign_schema, name: row.foreign_name },
		tableOid: Number(row.table_oid),
		foreignOid: Number(row.foreign_oid),
		columns: row.columns,
		oneToOne: row.one_to_one
	}));
	const primaryKeyOf = (table: QualifiedName) =>
		relations.get(key(table.schema, table.name))?.primaryKey ?? [];

	return {
		version: `rest-${++loads}`,
		relations,
		relationships: buildRelationships(
			foreignKeys,
			rows.computed.map((row) => ({
				function: { schema: row.schema, name: row.name },
				table: { schema: row.table_schema, name: row.table_name },
				foreignTable: { schema: row.foreign_schema, name: row.foreign_name },
				toOne: row.to_one
			})),
			views,
			primaryKeyOf,
			new Set(schemas),
			(name) => key(name.schema, name.name)
		),
		routines: toRoutines(rows.routines),
		roleSettings: toRoleSettings(rows.roleSettings),
		dbConfig: toDbConfig(rows.dbConfig, previous?.dbConfig ?? defaultDbConfig, log)
	};
}
