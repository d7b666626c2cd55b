// A request resolved against the schema cache: the tree of relations to read, with their joins,
// filters, orders and ranges, ready to become SQL.
import type { QualifiedName, Relationship } from '../catalog';
import type { Aggregate, JsonStep, OpExpr } from '../parse';

/** How SQL names a relation: `"schema"."name"`, or a bare alias when `schema` is absent. */
export interface Qualifier {
	schema?: string;
	name: string;
}

export interface PlanField {
	/** A column name, or `*`. */
	name: string;
	jsonPath: JsonStep[];
	/** The column is json/jsonb, so JSON arrows apply to it directly (else through `to_jsonb`). */
	isJson: boolean;
	/** The column is a tsvector, so full-text search needs no `to_tsvector`. */
	isTsvector: boolean;
}

export interface PlanSelect {
	field: PlanField;
	alias?: string;
	/** Applied to the column, before any aggregate. */
	cast?: string;
	aggregate?: Aggregate;
	/** Applied to the aggregate's result. */
	aggregateCast?: string;
	/** `count()` inside a spread: the embedded relation's whole row, for the parent to count. */
	fullRow?: boolean;
}

/** A column a spread embed adds to its parent's object, possibly aggregated there (hoisted). */
export interface SpreadSelect {
	/** The column's name in the embed's own SELECT. */
	name: string;
	aggregate?: Aggregate;
	aggregateCast?: string;
	alias?: string;
}

export type PlanCondition =
	/** `source`: the filter's number among the request's filters, when its operand comes from one. */
	| { kind: 'filter'; field: PlanField; expr: OpExpr; source?: number }
	/** `rel=is.null` / `rel=not.is.null` on an embedded resource (`negated` for `not.`). */
	| { kind: 'null-embed'; negated: boolean; aggAlias: string }
	| { kind: 'expr'; negated: boolean; op: 'and' | 'or'; children: PlanCondition[] };

export interface PlanOrder {
	field: PlanField;
	/** Set when ordering by a column of an embedded to-one resource: its join alias. */
	relationAlias?: string;
	direction?: 'asc' | 'desc';
	nulls?: 'first' | 'last';
}

export interface JoinCondition {
	left: Qualifier;
	leftColumn: string;
	right: Qualifier;
	rightColumn: string;
}

export interface ReadNode {
	from: QualifiedName;
	fromAlias?: string;
	/** The name used in `select` (a table, a foreign key or a column). */
	relName: string;
	relAlias?: string;
	hint?: string;
	joinType?: 'inner' | 'left';
	spread: boolean;
	depth: number;
	select: PlanSelect[];
	where: PlanCondition[];
	order: PlanOrder[];
	offset: number;
	limit?: number;
	/** How this node joins its parent (absent on the root). */
	relationship?: Relationship;
	/** The alias of the lateral join that embeds this node in its parent. */
	aggAlias: string;
	/** For a spread: what it adds to its parent's columns. */
	spreadSelect: SpreadSelect[];
	joinConditions: JoinCondition[];
	/** For a computed relationship: the name of the parent's row its function is called with. */
	parentRow?: string;
	children: ReadNode[];
}

/** The name a node's columns are qualified with in SQL. */
export const qualifierOf = (node: ReadNode): Qualifier =>
	node.fromAlias !== undefined ? { name: node.fromAlias } : node.from;

/** The name an embedded node is referred to by in filters, orders and output. */
export const embedName = (node: ReadNode) => node.relAlias ?? node.relName;
