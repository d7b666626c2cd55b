// What a PostgREST URL says, parsed but not yet checked against the schema cache.

export interface JsonStep {
	arrow: '->' | '->>';
	/** A key, or an array index such as `+1` or `-2`. */
	key: string;
	isIndex: boolean;
}

export interface Field {
	name: string;
	jsonPath: JsonStep[];
}

export type Aggregate = 'sum' | 'avg' | 'count' | 'max' | 'min';

export interface SelectField {
	kind: 'field';
	/** `*` selects every column. */
	field: Field;
	alias?: string;
	cast?: string;
	aggregate?: Aggregate;
	aggregateCast?: string;
}

export interface SelectRelation {
	kind: 'relation';
	name: string;
	alias?: string;
	hint?: string;
	joinType?: 'inner' | 'left';
	/** `...rel(cols)` merges the related columns into the parent object. */
	spread: boolean;
	children: SelectItem[];
}

export type SelectItem = SelectField | SelectRelation;

export type IsValue = 'null' | 'not_null' | 'true' | 'false' | 'unknown';

export type SimpleOperator = 'neq' | 'cs' | 'cd' | 'ov' | 'sl' | 'sr' | 'nxr' | 'nxl' | 'adj';
export type QuantOperator =
	'eq' | 'gte' | 'gt' | 'lte' | 'lt' | 'like' | 'ilike' | 'match' | 'imatch';
export type FtsOperator = 'fts' | 'plfts' | 'phfts' | 'wfts';

export type Operation =
	| { kind: 'simple'; op: SimpleOperator; value: string }
	| { kind: 'quant'; op: QuantOperator; quantifier?: 'any' | 'all'; value: string }
	| { kind: 'in'; values: string[] }
	| { kind: 'is'; value: IsValue }
	| { kind: 'isdistinct'; value: string }
	| { kind: 'fts'; op: FtsOperator; language?: string; value: string };

export interface OpExpr {
	negated: boolean;
	operation: Operation;
}

export interface Filter {
	field: Field;
	expr: OpExpr;
}

export type LogicTree =
	| { kind: 'filter'; filter: Filter }
	| { kind: 'expr'; negated: boolean; op: 'and' | 'or'; children: LogicTree[] };

export interface OrderTerm {
	/** Set for `rel(col)`: ordering by a column of an embedded to-one resource. */
	relation?: string;
	field: Field;
	direction?: 'asc' | 'desc';
	nulls?: 'first' | 'last';
}

/** A path of embedded resource names (aliases when given) from the root, `[]` for the root. */
export type EmbedPath = string[];

export interface QueryParams {
	select: SelectItem[];
	filters: { path: EmbedPath; filter: Filter }[];
	logic: { path: EmbedPath; tree: LogicTree }[];
	order: { path: EmbedPath; terms: OrderTerm[] }[];
	/** `limit` and `offset`, by embed path joined with '.' ('' for the root). */
	ranges: Map<string, { limit?: number; offset?: number }>;
	columns?: string[];
	onConflict?: string[];
	/** Query arguments of a GET/HEAD function call (`?a=1`), in order. */
	rpcArgs: [string, string][];
	/** The parameters in order, but the API key (see canonicalQuery). */
	entries: [string, string][];
	/**
	 * The parameters in order with each filter's operand left out: requests that agree on it (and on
	 * their headers) run the same statement, with their filters' operands as its parameters.
	 */
	shape: string;
}
