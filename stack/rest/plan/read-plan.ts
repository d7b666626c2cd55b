// Builds the tree of relations a request reads (PostgREST's readPlan): the select tree, with filters,
// logic trees, orders and ranges put on the nodes their paths name, relationships resolved (foreign
// keys or computed), `*` expanded where aggregates group, JSON path and aggregate aliases, related
// orders, null filters on embeds, aggregates checked and hoisted, and db-max-rows applied.
import { isToOne, key, type Catalog, type QualifiedName, type Relationship } from '../catalog';
import { notEmbedded, relatedOrderNotToOne } from '../errors';
import {
	type EmbedPath,
	type Field,
	type LogicTree,
	type QueryParams,
	type SelectItem
} from '../parse';
import {
	addSpreadSelects,
	hoistAggregates,
	refuseAggregatesUnlessEnabled,
	refuseToManySpreadAggregates
} from './aggregates';
import { findRelationship } from './find-relationship';
import {
	embedName,
	type JoinCondition,
	type PlanCondition,
	type PlanField,
	type Qualifier,
	type ReadNode
} from './types';

export interface ReadPlanOptions {
	catalog: Catalog;
	/** The request's schema (from Accept-Profile/Content-Profile). */
	schema: string;
	/** The table or view read, or whose rows a mutation or function returns. */
	target: QualifiedName;
	/**
	 * `read`: the root reads the table itself. `source`: the root reads the `pgrst_source` CTE a
	 * mutation or function call fills, under the target's name.
	 */
	rootKind: 'read' | 'source';
	params: QueryParams;
	/** Root filters and logic apply to this read (not for mutations, where they go to the WHERE). */
	rootFilters: boolean;
	/** db-max-rows, applied to every node of reads and calls. */
	maxRows?: number;
	offset: number;
	limit?: number;
	/** Ranges (`limit`, `offset` on embeds) apply; mutations ignore them. */
	ranges: boolean;
}

export const sourceName = 'pgrst_source';

const toPlanField = (field: Field): PlanField => ({
	name: field.name,
	jsonPath: field.jsonPath,
	isJson: false,
	isTsvector: false
});

function toCondition(tree: LogicTree): PlanCondition {
	if (tree.kind === 'filter')
		return { kind: 'filter', field: toPlanField(tree.filter.field), expr: tree.filter.expr };
	return {
		kind: 'expr',
		negated: tree.negated,
		op: tree.op,
		children: tree.children.map(toCondition)
	};
}

function newNode(from: QualifiedName, relName: string, depth: number): ReadNode {
	return {
		from,
		relName,
		depth,
		spread: false,
		select: [],
		where: [],
		order: [],
		offset: 0,
		aggAlias: '',
		spreadSelect: [],
		joinConditions: [],
		children: []
	};
}

function addSelect(node: ReadNode, items: SelectItem[], schema: string): void {
	for (const item of items) {
		if (item.kind === 'relation') {
			const child = newNode({ schema, name: item.name }, item.name, node.depth + 1);
			child.relAlias = item.alias;
			child.hint = item.hint;
			child.joinType = item.joinType;
			child.spread = item.spread;
			addSelect(child, item.children, schema);
			node.children.push(child);
		} else {
			node.select.push({
				field: toPlanField(item.field),
				alias: item.alias,
				cast: item.cast,
				aggregate: item.aggregate,
				aggregateCast: item.aggregateCast
			});
		}
	}
}

/** The node an embed path names (by alias or name, as PostgREST 12 and 13 match them). */
function nodeAt(root: ReadNode, path: EmbedPath): ReadNode {
	let node = root;
	for (const name of path) {
		const child = node.children.find((c) => c.relName === name || c.relAlias === name);
		if (!child) throw notEmbedded(name);
		node = child;
	}
	return node;
}

function joinConditions(
	relationship: Relationship,
	alias: string | undefined,
	parent: Qualifier
): JoinCondition[] {
	const { foreignTable, junction } = relationship;
	if (relationship.cardinality === 'many-to-many' && junction)
		return [
			...junction.targetColumns.map(([jc, tc]) => ({
				left: junction.table,
				leftColumn: jc,
				right: foreignTable,
				rightColumn: tc
			})),
			...junction.sourceColumns.map(([jc, sc]) => ({
				left: junction.table,
				leftColumn: jc,
				right: parent,
				rightColumn: sc
			}))
		];
	const child: Qualifier = alias !== undefined ? { name: alias } : foreignTable;
	return relationship.columns.map(([column, foreignColumn]) => ({
		left: child,
		leftColumn: foreignColumn,
		right: parent,
		rightColumn: column
	}));
}

function addRelationships(
	catalog: Catalog,
	schema: string,
	node: ReadNode,
	origin: QualifiedName
): void {
	const parent: Qualifier = node.fromAlias !== undefined ? { name: node.fromAlias } : node.from;
	for (const child of node.children) {
		const relationship = findRelationship(catalog, schema, origin, child.relName, child.hint);
		child.relationship = relationship;
		child.from = relationship.foreignTable;
		child.aggAlias = `${relationship.table.name}_${embedName(child)}_${child.depth}`;
		if (relationship.cardinality !== 'many-to-many')
			child.fromAlias = `${relationship.foreignTable.name}_${child.depth}`;
		// A computed relationship needs no join: its function is called with the parent's row.
		if (relationship.computed) child.parentRow = parent.name;
		else child.joinConditions = joinConditions(relationship, child.fromAlias, parent);
		addRelationships(catalog, schema, child, relationship.foreignTable);
	}
}

function typeField(field: PlanField, columns: Map<string, { baseType: string }> | undefined) {
	const type = columns?.get(field.name)?.baseType;
	field.isJson = type === 'json' || type === 'jsonb';
	field.isTsvector = type === 'tsvector';
}

function typeConditions(
	conditions: PlanCondition[],
	columns: Map<string, { baseType: string }> | undefined
) {
	for (const condition of conditions) {
		if (condition.kind === 'filter') typeField(condition.field, columns);
		else if (condition.kind === 'expr') typeConditions(condition.children, columns);
	}
}

const columnsOf = (catalog: Catalog, relation: QualifiedName) =>
	catalog.relations.get(key(relation.schema, relation.name))?.columns;

/**
 * Names the columns behind `*` where an aggregate in the node or above it needs them for grouping,
 * and in to-many spreads, which aggregate each column separately (PostgREST's expandStars). A
 * `count()` in a spread counts the embedded relation's whole row.
 */
function expandStars(
	catalog: Catalog,
	node: ReadNode,
	typedAs: QualifiedName,
	aggregateAbove: boolean
): void {
	const toManySpread =
		node.spread && node.relationship !== undefined && !isToOne(node.relationship);
	const hasAggregate =
		aggregateAbove || toManySpread || node.select.some((s) => s.aggregate !== undefined);
	const columns = columnsOf(catalog, typedAs);
	if (hasAggregate && columns)
		node.select = node.select.flatMap((item) => {
			if (item.field.name !== '*' || item.field.jsonPath.length > 0) return [item];
			if (item.aggregate === undefined)
				return [...columns.keys()].map((name) => ({
					...item,
					field: toPlanField({ name, jsonPath: [] })
				}));
			return node.spread && item.aggregate === 'count' ? [{ ...item, fullRow: true }] : [item];
		});
	for (const child of node.children) expandStars(catalog, child, child.from, hasAggregate);
}

/**
 * Types fields, names JSON path selections after their last key and aggregates in spreads after
 * their function, resolves embed orders and null filters.
 */
function finishNode(catalog: Catalog, node: ReadNode, typedAs: QualifiedName): void {
	const columns = columnsOf(catalog, typedAs);
	for (const item of node.select) {
		typeField(item.field, columns);
		if (item.alias !== undefined) continue;
		if (item.aggregate !== undefined) {
			// The parent selects a spread's columns by name: an aggregate needs one.
			if (node.spread) item.alias = item.aggregate;
		} else if (item.field.jsonPath.length > 0) {
			const last = item.field.jsonPath[item.field.jsonPath.length - 1];
			item.alias = last.isIndex
				? ([...item.field.jsonPath].reverse().find((s) => !s.isIndex)?.key ?? item.field.name)
				: last.key;
		}
	}
	typeConditions(node.where, columns);

	for (const term of node.order) {
		if (term.relationAlias === undefined) {
			typeField(term.field, columns);
			continue;
		}
		const child = node.children.find((c) => embedName(c) === term.relationAlias);
		if (!child) throw notEmbedded(term.relationAlias);
		if (!isToOne(child.relationship!)) throw relatedOrderNotToOne(node.from.name, embedName(child));
		term.relationAlias = child.aggAlias;
	}

	const nullEmbeds = (conditions: PlanCondition[]): PlanCondition[] =>
		conditions.map((condition): PlanCondition => {
			if (condition.kind === 'expr')
				return { ...condition, children: nullEmbeds(condition.children) };
			if (condition.kind !== 'filter' || condition.field.jsonPath.length > 0) return condition;
			const { operation, negated } = condition.expr;
			const child = node.children.find((c) => embedName(c) === condition.field.name);
			if (child && operation.kind === 'is' && operation.value === 'null')
				return { kind: 'null-embed', negated, aggAlias: child.aggAlias };
			return condition;
		});
	node.where = nullEmbeds(node.where);

	for (const child of node.children) finishNode(catalog, child, child.from);
}

function restrictRange(node: ReadNode, maxRows: number): void {
	node.limit = node.limit === undefined ? maxRows : Math.min(node.limit, maxRows);
	for (const child of node.children) restrictRange(child, maxRows);
}

/**
 * The columns a mutation must return for its response: all (`*`) if selected, else the selected ones,
 * the ones embeds join on and the primary key (for the Location header), as PostgREST's
 * inferColsEmbedNeeds.
 */
export function returningColumns(root: ReadNode, primaryKey: string[]): string[] {
	const names = new Set(root.select.map((s) => s.field.name));
	// What a computed relationship's function reads of the row is unknown: return it whole.
	if (names.has('*') || root.children.some((c) => c.relationship?.computed)) return ['*'];
	for (const child of root.children) {
		const relationship = child.relationship!;
		if (relationship.junction)
			for (const [, column] of relationship.junction.sourceColumns) names.add(column);
		else for (const [column] of relationship.columns) names.add(column);
	}
	for (const column of primaryKey) names.add(column);
	return [...names];
}

/** The root filters and logic trees of a mutation, for its WHERE, typed against the table. */
export function rootConditions(
	catalog: Catalog,
	table: QualifiedName,
	params: QueryParams
): PlanCondition[] {
	const conditions: PlanCondition[] = [
		...params.logic.filter((l) => l.path.length === 0).map((l) => toCondition(l.tree)),
		...params.filters.flatMap(({ path, filter }, source): PlanCondition[] =>
			path.length === 0
				? [{ kind: 'filter', field: toPlanField(filter.field), expr: filter.expr, source }]
				: []
		)
	];
	typeConditions(conditions, catalog.relations.get(key(table.schema, table.name))?.columns);
	return conditions;
}

export function buildReadPlan(options: ReadPlanOptions): ReadNode {
	const { catalog, schema, target, params } = options;
	const root =
		options.rootKind === 'read'
			? newNode(target, target.name, 0)
			: { ...newNode({ schema: '', name: sourceName }, target.name, 0), fromAlias: target.name };
	addSelect(root, params.select, schema);

	params.filters.forEach(({ path, filter }, source) => {
		if (path.length === 0 && !options.rootFilters) return;
		nodeAt(root, path).where.push({
			kind: 'filter',
			field: toPlanField(filter.field),
			expr: filter.expr,
			source
		});
	});
	for (const { path, terms } of [...params.order].reverse())
		nodeAt(root, path).order = terms.map((t) => ({
			field: toPlanField(t.field),
			relationAlias: t.relation,
			direction: t.direction,
			nulls: t.nulls
		}));
	if (options.ranges)
		for (const [k, range] of params.ranges) {
			if (k === '') continue;
			const node = nodeAt(root, k.split('\u0000'));
			node.offset = range.offset ?? 0;
			node.limit = range.limit;
		}
	root.offset = options.offset;
	root.limit = options.limit;
	for (const { path, tree } of params.logic) {
		if (path.length === 0 && !options.rootFilters) continue;
		nodeAt(root, path).where.unshift(toCondition(tree));
	}

	addRelationships(catalog, schema, root, target);
	expandStars(catalog, root, target, false);
	finishNode(catalog, root, target);
	refuseAggregatesUnlessEnabled(root, catalog.dbConfig.aggregatesEnabled);
	addSpreadSelects(root);
	hoistAggregates(root);
	refuseToManySpreadAggregates(root);
	if (options.maxRows !== undefined) restrictRange(root, options.maxRows);
	return root;
}
