// The schema cache: what the REST API knows about the exposed schemas, read from pg_catalog.
import type { DbConfig } from './db-config';

export interface QualifiedName {
	schema: string;
	name: string;
}

export interface Column {
	name: string;
	/** The type as `format_type` prints it, schema-qualified outside pg_catalog (`public.mood`). */
	type: string;
	/** The type with domains resolved, for deciding on JSON operators and full-text search. */
	baseType: string;
	nullable: boolean;
	/** The default as SQL (`now()`, `nextval('…'::regclass)`), or null. */
	default: string | null;
}

export interface Relation extends QualifiedName {
	isView: boolean;
	insertable: boolean;
	updatable: boolean;
	deletable: boolean;
	/** Primary key columns, sorted by name (a view inherits its table's when it shows them all). */
	primaryKey: string[];
	columns: Map<string, Column>;
}

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

export interface Junction {
	table: QualifiedName;
	/** The junction's foreign key to the origin, and its (junction column, origin column) pairs. */
	sourceConstraint: string;
	sourceColumns: [string, string][];
	/** The junction's foreign key to the target, and its (junction column, target column) pairs. */
	targetConstraint: string;
	targetColumns: [string, string][];
}

export interface Relationship {
	table: QualifiedName;
	foreignTable: QualifiedName;
	isSelf: boolean;
	cardinality: Cardinality;
	/** The foreign key's name (for many-to-many, unused: see the junction). */
	constraint: string;
	/** (column of `table`, column of `foreignTable`) pairs. */
	columns: [string, string][];
	junction?: Junction;
	/** For one-to-one: whether `table` holds the foreign key. */
	isParent?: boolean;
	tableIsView: boolean;
	foreignTableIsView: boolean;
	/**
	 * A computed relationship: the function taking a row of `table` and returning rows of
	 * `foreignTable` (to-one as many-to-one, else one-to-many; no constraint, no columns).
	 */
	computed?: QualifiedName;
}

export interface RoutineParam {
	/** '' for an unnamed parameter. */
	name: string;
	type: string;
	/** The type to parse JSON arguments into (`character` widened to `character varying`). */
	typeMaxLength: string;
	required: boolean;
	variadic: boolean;
}

export type Volatility = 'immutable' | 'stable' | 'volatile';

export interface Routine extends QualifiedName {
	params: RoutineParam[];
	returns: {
		setOf: boolean;
		composite: boolean;
		/** The returned type's schema and name (`pg_catalog.void`, `public.tasks`, `pg_catalog.record`). */
		type: QualifiedName;
	};
	volatility: Volatility;
}

export interface Catalog {
	/** Different for every load: statements prepared against one version are not reused by the next. */
	version: string;
	/** Keyed by `schema.name` as {@link key} makes it. */
	relations: Map<string, Relation>;
	/** Relationships keyed by their origin table's {@link key}. */
	relationships: Map<string, Relationship[]>;
	/** Overloads of each function, fewest parameters first, keyed by {@link key}. */
	routines: Map<string, Routine[]>;
	/** `ALTER ROLE … SET` settings PostgREST applies per request (statement_timeout), by role. */
	roleSettings: Map<string, [string, string][]>;
	/** PostgREST's in-database configuration, read with the schema. */
	dbConfig: DbConfig;
}

/** The map key for a schema-qualified name; a NUL cannot appear in either part. */
export const key = (schema: string, name: string) => `${schema}\u0000${name}`;

export const isToOne = (relationship: Relationship) =>
	relationship.cardinality === 'many-to-one' || relationship.cardinality === 'one-to-one';

export const returnsScalar = (routine: Routine) =>
	!routine.returns.setOf && !routine.returns.composite;

export const returnsSetOfScalar = (routine: Routine) =>
	routine.returns.setOf && !routine.returns.composite;

export const returnsVoid = (routine: Routine) =>
	returnsScalar(routine) &&
	routine.returns.type.schema === 'pg_catalog' &&
	routine.returns.type.name === 'void';
