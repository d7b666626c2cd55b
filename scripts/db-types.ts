// `npm run db:types`: writes src/lib/supabase/database.types.ts, the `Database` types that
// `supabase gen types typescript --schema public` writes, read from the catalog of the stack's
// database: DATABASE_URL when set (an already migrated database), else an in-memory stack started on
// the project's migrations. tests/db/types.spec.ts fails when the committed file is stale.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { format } from 'prettier';
import { createStack } from '../stack';

export const typesPath = join(
	import.meta.dirname,
	'..',
	'src',
	'lib',
	'supabase',
	'database.types.ts'
);

/** The PostgREST version the CLI records, which tells postgrest-js which features exist. */
const postgrestVersion = '14.1';
const schema = 'public';

interface Relation {
	id: string;
	name: string;
	kind: 'table' | 'view';
	is_updatable: boolean;
}

interface Column {
	table_id: string;
	name: string;
	format: string;
	is_nullable: boolean;
	has_default: boolean;
	identity: '' | 'a' | 'd';
	is_updatable: boolean;
}

interface Relationship {
	foreign_key_name: string;
	relation: string;
	columns: string[];
	referenced_relation: string;
	referenced_columns: string[];
	is_one_to_one: boolean;
}

interface PgType {
	id: string;
	name: string;
	schema: string;
	enums: string[];
	attributes: { name: string; type_id: string }[];
	relation_id: string | null;
}

interface PgFunction {
	name: string;
	argument_types: string;
	return_type_id: string;
	return_relation_id: string | null;
	returns_set: boolean;
	rows: number | null;
	args: {
		mode: 'in' | 'out' | 'inout' | 'variadic' | 'table';
		name: string;
		type_id: string;
		has_default: boolean;
	}[];
}

export interface Catalog {
	relations: Relation[];
	columns: Column[];
	relationships: Relationship[];
	types: PgType[];
	functions: PgFunction[];
}

class UnsupportedSchemaError extends Error {
	name = 'UnsupportedSchemaError';
}

/** Reads what the generator needs about schema public from the catalog. */
/** What the catalog is read through: the stack's database or a `pg` client. */
interface CatalogReader {
	query<Row>(sql: string, params?: string[]): Promise<{ rows: Row[] }>;
}

export async function readCatalog(db: CatalogReader): Promise<Catalog> {
	const relations = await db.query<Relation>(
		`select c.oid::text as id, c.relname as name,
		   case when c.relkind in ('v', 'm') then 'view' else 'table' end as kind,
		   c.relkind = 'v' and (pg_relation_is_updatable(c.oid, false) & 20) = 20 as is_updatable
		 from pg_class c
		 where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p', 'f', 'v', 'm')`,
		[schema]
	);
	const columns = await db.query<Column>(
		`select a.attrelid::text as table_id, a.attname as name,
		   coalesce(bt.typname, t.typname) as format,
		   not (a.attnotnull or (t.typtype = 'd' and t.typnotnull)) as is_nullable,
		   a.atthasdef as has_default,
		   a.attidentity::text as identity,
		   c.relkind in ('r', 'p') or (c.relkind in ('v', 'f') and pg_column_is_updatable(c.oid, a.attnum, false))
		     as is_updatable
		 from pg_attribute a
		 join pg_class c on c.oid = a.attrelid
		 join pg_type t on t.oid = a.atttypid
		 left join pg_type bt on t.typtype = 'd' and bt.oid = t.typbasetype
		 where c.relnamespace = $1::regnamespace and c.relkind in ('r', 'p', 'f', 'v', 'm')
		   and a.attnum > 0 and not a.attisdropped`,
		[schema]
	);
	// A relationship is one-to-one when its columns, in key order, are a primary key or unique
	// constraint of the referencing table (columns in table order), as PostgREST decides it.
	const relationships = await db.query<Relationship>(
		`select con.conname as foreign_key_name, src.relname as relation, ref.relname as referenced_relation,
		   array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
		         join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
		   array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
		         join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum order by k.ord)
		     as referenced_columns,
		   exists (
		     select 1 from pg_constraint u
		     where u.conrelid = con.conrelid and u.contype in ('p', 'u')
		       and array(select a.attname::text from pg_attribute a
		                 where a.attrelid = u.conrelid and a.attnum = any (u.conkey) order by a.attnum)
		         = array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
		                 join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord)
		   ) as is_one_to_one
		 from pg_constraint con
		 join pg_class src on src.oid = con.conrelid
		 join pg_class ref on ref.oid = con.confrelid
		 where con.contype = 'f' and con.conparentid = 0
		   and con.connamespace = $1::regnamespace and ref.relnamespace = $1::regnamespace`,
		[schema]
	);
	const types = await db.query<PgType>(
		`select t.oid::text as id, t.typname as name, n.nspname as schema,
		   coalesce((select jsonb_agg(e.enumlabel order by e.enumsortorder) from pg_enum e
		             where e.enumtypid = t.oid), '[]') as enums,
		   coalesce((select jsonb_agg(jsonb_build_object('name', a.attname, 'type_id', a.atttypid::text)
		                              order by a.attnum)
		             from pg_class c join pg_attribute a on a.attrelid = c.oid
		             where c.oid = t.typrelid and c.relkind = 'c' and a.attnum > 0 and not a.attisdropped),
		            '[]') as attributes,
		   nullif(t.typrelid, 0)::text as relation_id
		 from pg_type t join pg_namespace n on n.oid = t.typnamespace
		 where t.typrelid = 0
		   or (select c.relkind from pg_class c where c.oid = t.typrelid) in ('c', 'r', 'v', 'm', 'p')`
	);
	const functions = await db.query<PgFunction>(
		`select p.proname as name, pg_get_function_arguments(p.oid) as argument_types,
		   p.prorettype::text as return_type_id, nullif(rt.typrelid, 0)::text as return_relation_id,
		   p.proretset as returns_set, case when p.proretset then nullif(p.prorows, 0)::int end as rows,
		   coalesce((
		     select jsonb_agg(jsonb_build_object(
		       'mode', case m.mode when 'i' then 'in' when 'o' then 'out' when 'b' then 'inout'
		                           when 'v' then 'variadic' else 'table' end,
		       'name', coalesce(p.proargnames[m.ord], ''),
		       'type_id', m.type_id,
		       'has_default', m.ord > p.pronargs - p.pronargdefaults and m.ord <= p.pronargs
		     ) order by m.ord)
		     from unnest(
		       coalesce(p.proargmodes::text[], array_fill('i'::text, array[p.pronargs::int])),
		       coalesce(p.proallargtypes, p.proargtypes::oid[])::text[]
		     ) with ordinality as m(mode, type_id, ord)
		   ), '[]') as args
		 from pg_proc p join pg_type rt on rt.oid = p.prorettype
		 where p.pronamespace = $1::regnamespace and p.prokind = 'f'
		   and p.prorettype not in ('trigger'::regtype, 'event_trigger'::regtype)`,
		[schema]
	);
	return {
		relations: relations.rows,
		columns: columns.rows,
		relationships: relationships.rows,
		types: types.rows,
		functions: functions.rows
	};
}

const byName = <T extends { name: string }>(a: T, b: T) => a.name.localeCompare(b.name);
const quote = (value: string) => JSON.stringify(value);
const nullable = (ts: string, isNullable: boolean) =>
	isNullable && ts !== 'unknown' ? `${ts} | null` : ts;

const scalarTypes: Record<string, string> = {
	bool: 'boolean',
	int2: 'number',
	int4: 'number',
	int8: 'number',
	float4: 'number',
	float8: 'number',
	numeric: 'number',
	json: 'Json',
	jsonb: 'Json',
	void: 'undefined',
	record: 'Record<string, unknown>'
};
const stringTypes = new Set([
	'bytea',
	'bpchar',
	'varchar',
	'date',
	'text',
	'citext',
	'time',
	'timetz',
	'timestamp',
	'timestamptz',
	'uuid',
	'vector',
	'interval'
]);
// json, jsonb and text: the types PostgREST accepts for a single unnamed argument.
const unnamedArgTypes = new Set(['114', '3802', '25']);

/** Renders the types file's source, formatted as the CLI formats it. */
export async function renderTypes(catalog: Catalog): Promise<string> {
	const { relations, columns, relationships, types, functions } = catalog;
	const typeById = new Map(types.map((t) => [t.id, t]));
	const tables = relations.filter((r) => r.kind === 'table').sort(byName);
	const views = relations.filter((r) => r.kind === 'view').sort(byName);
	const relationById = new Map(relations.map((r) => [r.id, r]));
	const columnsOf = (relation: Relation) =>
		columns.filter((c) => c.table_id === relation.id).sort(byName);

	const tsType = (pgType: string): string => {
		if (pgType in scalarTypes) return scalarTypes[pgType];
		if (stringTypes.has(pgType)) return 'string';
		if (pgType.startsWith('_')) return `(${tsType(pgType.slice(1))})[]`;
		const named = types.filter((t) => t.name === pgType);
		const pick = (candidates: PgType[]) =>
			candidates.find((t) => t.schema === schema) ?? candidates[0];
		const enumType = pick(named.filter((t) => t.enums.length > 0));
		if (enumType) {
			return enumType.schema === schema
				? `Database[${quote(schema)}]['Enums'][${quote(enumType.name)}]`
				: enumType.enums.map(quote).join('|');
		}
		const composite = pick(named.filter((t) => t.attributes.length > 0));
		if (composite) {
			return composite.schema === schema
				? `Database[${quote(schema)}]['CompositeTypes'][${quote(composite.name)}]`
				: 'unknown';
		}
		if (tables.some((t) => t.name === pgType)) {
			return `Database[${quote(schema)}]['Tables'][${quote(pgType)}]['Row']`;
		}
		if (views.some((v) => v.name === pgType)) {
			return `Database[${quote(schema)}]['Views'][${quote(pgType)}]['Row']`;
		}
		return 'unknown';
	};
	const tsTypeOf = (typeId: string) => {
		const type = typeById.get(typeId);
		return type ? tsType(type.name) : 'unknown';
	};
	const rowColumns = (relation: Relation) =>
		columnsOf(relation).map(
			(c) => `${quote(c.name)}: ${nullable(tsType(c.format), c.is_nullable)}`
		);
	const relationshipsOf = (relation: Relation) =>
		relationships
			.filter((r) => r.relation === relation.name)
			.sort(
				(a, b) =>
					a.foreign_key_name.localeCompare(b.foreign_key_name) ||
					a.referenced_relation.localeCompare(b.referenced_relation) ||
					JSON.stringify(a.referenced_columns).localeCompare(JSON.stringify(b.referenced_columns))
			)
			.map(
				(r) => `{
					foreignKeyName: ${quote(r.foreign_key_name)}
					columns: ${JSON.stringify(r.columns)}
					isOneToOne: ${r.is_one_to_one}
					referencedRelation: ${quote(r.referenced_relation)}
					referencedColumns: ${JSON.stringify(r.referenced_columns)}
				}`
			);

	const exposed = functions
		.map((fn) => ({
			fn,
			args: [...fn.args].sort(byName),
			inArgs: [...fn.args]
				.sort(byName)
				.filter((a) => a.mode === 'in' || a.mode === 'inout' || a.mode === 'variadic')
		}))
		.filter(
			({ inArgs }) =>
				inArgs.every((a) => a.name !== '') ||
				inArgs.every((a) => a.name !== '' || (a.has_default && unnamedArgTypes.has(a.type_id))) ||
				(inArgs.length === 1 && unnamedArgTypes.has(inArgs[0].type_id))
		)
		.sort((a, b) => a.fn.name.localeCompare(b.fn.name));
	const computedFields = (relation: Relation) =>
		exposed.filter(({ fn }) => fn.argument_types === relation.name);
	if (tables.concat(views).some((r) => computedFields(r).length > 0)) {
		throw new UnsupportedSchemaError(
			'db:types does not render computed fields (functions taking a row)'
		);
	}

	const functionSignature = ({ fn, args, inArgs }: (typeof exposed)[number]) => {
		const argsType =
			inArgs.length === 0
				? 'never'
				: `{ ${inArgs.map((a) => `${quote(a.name)}${a.has_default ? '?' : ''}: ${tsTypeOf(a.type_id)}`).join(', ')} }`;
		const tableArgs = args.filter((a) => a.mode === 'table');
		const returnRelation =
			fn.return_relation_id === null ? undefined : relationById.get(fn.return_relation_id);
		const multipleRows = fn.rows !== null && fn.rows > 1;
		let returns: string;
		let setof = '';
		if (tableArgs.length > 0) {
			returns = `{ ${tableArgs.map((a) => `${quote(a.name)}: ${tsTypeOf(a.type_id)}`).join('\n')} }`;
		} else if (returnRelation) {
			returns = `{ ${rowColumns(returnRelation).join('\n')} }`;
			setof = `SetofOptions: {
				from: "*"
				to: ${quote(returnRelation.name)}
				isOneToOne: ${!multipleRows}
				isSetofReturn: ${fn.returns_set}
			}`;
		} else {
			returns = tsTypeOf(fn.return_type_id);
		}
		const array = fn.returns_set && !(returnRelation && !multipleRows) ? '[]' : '';
		return `{ Args: ${argsType}; Returns: ${returns}${array}\n${setof} }`;
	};
	const names = [...new Set(exposed.map(({ fn }) => fn.name))];
	const overloaded = names.filter((n) => exposed.filter(({ fn }) => fn.name === n).length > 1);
	if (overloaded.length > 0) {
		throw new UnsupportedSchemaError(
			`db:types does not render overloaded functions: ${overloaded.join(', ')}`
		);
	}

	const enums = types.filter((t) => t.schema === schema && t.enums.length > 0).sort(byName);
	const composites = types
		.filter((t) => t.schema === schema && t.attributes.length > 0)
		.sort(byName);
	const never = '[_ in never]: never';
	const orNever = (entries: string[]) => (entries.length === 0 ? never : entries.join('\n'));

	const tablesSource = tables.map((table) => {
		const cols = columnsOf(table);
		return `${quote(table.name)}: {
			Row: { ${rowColumns(table).join('\n')} }
			Insert: { ${cols
				.map((c) =>
					c.identity === 'a'
						? `${quote(c.name)}?: never`
						: `${quote(c.name)}${c.is_nullable || c.identity !== '' || c.has_default ? '?' : ''}: ${nullable(tsType(c.format), c.is_nullable)}`
				)
				.join('\n')} }
			Update: { ${cols
				.map((c) =>
					c.identity === 'a'
						? `${quote(c.name)}?: never`
						: `${quote(c.name)}?: ${nullable(tsType(c.format), c.is_nullable)}`
				)
				.join('\n')} }
			Relationships: [${relationshipsOf(table).join(',\n')}]
		}`;
	});
	const viewsSource = views.map((view) => {
		const writable = (c: Column) =>
			c.is_updatable
				? `${quote(c.name)}?: ${nullable(tsType(c.format), true)}`
				: `${quote(c.name)}?: never`;
		const cols = columnsOf(view);
		return `${quote(view.name)}: {
			Row: { ${rowColumns(view).join('\n')} }
			${view.is_updatable ? `Insert: { ${cols.map(writable).join('\n')} }\nUpdate: { ${cols.map(writable).join('\n')} }` : ''}
			Relationships: [${relationshipsOf(view).join(',\n')}]
		}`;
	});

	const source = `
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[]

export type Database = {
	// Allows to automatically instantiate createClient with right options
	// instead of createClient<Database, { PostgrestVersion: 'XX' }>(URL, KEY)
	__InternalSupabase: {
		PostgrestVersion: '${postgrestVersion}'
	}
	${quote(schema)}: {
		Tables: { ${orNever(tablesSource)} }
		Views: { ${orNever(viewsSource)} }
		Functions: { ${orNever(exposed.map((f) => `${quote(f.fn.name)}:\n${functionSignature(f)}`))} }
		Enums: { ${orNever(enums.map((e) => `${quote(e.name)}: ${e.enums.map(quote).join('|')}`))} }
		CompositeTypes: { ${orNever(
			composites.map(
				(c) =>
					`${quote(c.name)}: { ${c.attributes.map((a) => `${quote(a.name)}: ${nullable(tsTypeOf(a.type_id), true)}`).join('\n')} }`
			)
		)} }
	}
}

${helperTypes}

export const Constants = {
	${quote(schema)}: {
		Enums: { ${enums.map((e) => `${quote(e.name)}: [${e.enums.map(quote).join(', ')}]`).join(',\n')} },
	},
} as const
`;
	return format(source, { parser: 'typescript', semi: false });
}

// The generic helpers the CLI appends after `Database`: row, insert, update, enum and composite
// types by name, for the default schema or any other.
const helperTypes = `
type DatabaseWithoutInternals = Omit<Database, '__InternalSupabase'>

type DefaultSchema = DatabaseWithoutInternals[Extract<keyof Database, ${quote(schema)}>]

export type Tables<
	DefaultSchemaTableNameOrOptions extends
		| keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
		| { schema: keyof DatabaseWithoutInternals },
	TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
		? keyof (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
				DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])
		: never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
	? (DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"] &
			DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Views"])[TableName] extends { Row: infer R }
		? R
		: never
	: DefaultSchemaTableNameOrOptions extends keyof (DefaultSchema["Tables"] & DefaultSchema["Views"])
	? (DefaultSchema["Tables"] & DefaultSchema["Views"])[DefaultSchemaTableNameOrOptions] extends { Row: infer R }
		? R
		: never
	: never

${['Insert', 'Update']
	.map(
		(kind) => `export type Tables${kind}<
	DefaultSchemaTableNameOrOptions extends
		| keyof DefaultSchema["Tables"]
		| { schema: keyof DatabaseWithoutInternals },
	TableName extends DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
		? keyof DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"]
		: never = never
> = DefaultSchemaTableNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
	? DatabaseWithoutInternals[DefaultSchemaTableNameOrOptions["schema"]]["Tables"][TableName] extends { ${kind}: infer ${kind[0]} }
		? ${kind[0]}
		: never
	: DefaultSchemaTableNameOrOptions extends keyof DefaultSchema["Tables"]
	? DefaultSchema["Tables"][DefaultSchemaTableNameOrOptions] extends { ${kind}: infer ${kind[0]} }
		? ${kind[0]}
		: never
	: never`
	)
	.join('\n\n')}

export type Enums<
	DefaultSchemaEnumNameOrOptions extends
		| keyof DefaultSchema["Enums"]
		| { schema: keyof DatabaseWithoutInternals },
	EnumName extends DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
		? keyof DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"]
		: never = never
> = DefaultSchemaEnumNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
	? DatabaseWithoutInternals[DefaultSchemaEnumNameOrOptions["schema"]]["Enums"][EnumName]
	: DefaultSchemaEnumNameOrOptions extends keyof DefaultSchema["Enums"]
	? DefaultSchema["Enums"][DefaultSchemaEnumNameOrOptions]
	: never

export type CompositeTypes<
	PublicCompositeTypeNameOrOptions extends
		| keyof DefaultSchema["CompositeTypes"]
		| { schema: keyof DatabaseWithoutInternals },
	CompositeTypeName extends PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
		? keyof DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"]
		: never = never
> = PublicCompositeTypeNameOrOptions extends { schema: keyof DatabaseWithoutInternals }
	? DatabaseWithoutInternals[PublicCompositeTypeNameOrOptions["schema"]]["CompositeTypes"][CompositeTypeName]
	: PublicCompositeTypeNameOrOptions extends keyof DefaultSchema["CompositeTypes"]
	? DefaultSchema["CompositeTypes"][PublicCompositeTypeNameOrOptions]
	: never
`;

/**
 * The types file for the database at `databaseUrl` (only read, never migrated), or for the
 * project's migrations applied to an in-memory stack.
 */
async function generateTypes(databaseUrl = process.env.DATABASE_URL): Promise<string> {
	if (databaseUrl) {
		const client = new pg.Client({ connectionString: databaseUrl });
		await client.connect();
		try {
			return await renderTypes(await readCatalog(client));
		} finally {
			await client.end();
		}
	}
	const stack = await createStack({
		workdir: join(import.meta.dirname, '..'),
		port: 0,
		data: 'memory'
	});
	try {
		return await renderTypes(await readCatalog(stack.db));
	} finally {
		await stack.stop();
	}
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
	await writeFile(typesPath, await generateTypes());
	console.log(`wrote ${typesPath}`);
}
