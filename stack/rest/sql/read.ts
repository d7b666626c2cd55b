// SELECT statements for a read plan, shaped like PostgREST's readPlanToQuery: each embedded resource
// is a LATERAL join, a to-one one rendered with row_to_json(...)::jsonb, a to-many one with
// json_agg(...)::jsonb, so values serialize exactly as PostgreSQL prints them.
import { isToOne } from '../catalog';
import {
	embedName,
	isEmptyEmbed,
	qualifierOf,
	type JoinCondition,
	type ReadNode,
	type SpreadSelect
} from '../plan';
import { aggregateSql, conditionSql, fieldSql, orderSql, selectSql } from './conditions';
import { column, ident, qualified, type Params } from './fragments';

const joinConditionSql = (j: JoinCondition) =>
	`${column(j.left, j.leftColumn)} = ${column(j.right, j.rightColumn)}`;

function fromSql(node: ReadNode): string {
	const alias = node.fromAlias === undefined ? '' : ` AS ${ident(node.fromAlias)}`;
	const relationship = node.relationship;
	if (relationship?.computed)
		return ` FROM ${qualified(relationship.computed)}(${ident(node.parentRow!)}::${qualified(relationship.table)})${alias}`;
	const junction = relationship?.junction;
	return ` FROM ${qualified(node.from)}${alias}${junction && relationship?.cardinality === 'many-to-many' ? `, ${qualified(junction.table)}` : ''}`;
}

const spreadColumn = (aggAlias: string, name: string) =>
	name === '*' ? `${ident(aggAlias)}.*` : `${ident(aggAlias)}.${ident(name)}`;

/** A spread's column in its parent, aggregated there when hoisted (pgFmtSpreadSelectItem). */
function spreadItemSql(aggAlias: string, item: SpreadSelect): string {
	const sql = aggregateSql(spreadColumn(aggAlias, item.name), item.aggregate, item.aggregateCast);
	return item.alias === undefined ? sql : `${sql} AS ${ident(item.alias)}`;
}

interface Embedded {
	join: string;
	selects: string[];
	/** What the parent groups by for this embed when it aggregates. */
	groupBy: string[];
}

function embedSql(child: ReadNode, p: Params): Embedded {
	const agg = ident(child.aggAlias);
	const sub = readSql(child, p);
	const joinKind = child.joinType === 'inner' ? 'INNER' : 'LEFT';
	const lateral = (query: string, condition: string) =>
		` ${joinKind} JOIN LATERAL ( ${query} ) AS ${agg} ON ${condition}`;
	const toOne = isToOne(child.relationship!);
	const aggregatedCondition = child.joinType === 'inner' ? `${agg} IS NOT NULL` : 'TRUE';

	if (child.spread) {
		const items = child.spreadSelect;
		const selects = items.map((item) => spreadItemSql(child.aggAlias, item));
		const groupBy = items
			.filter((item) => item.aggregate === undefined)
			.map((item) => spreadColumn(child.aggAlias, item.alias ?? item.name));
		if (toOne) return { join: lateral(sub, 'TRUE'), selects, groupBy };
		const columns = items.map(
			({ name }) =>
				`COALESCE(json_agg(${spreadColumn(child.aggAlias, name)}),'[]')::jsonb AS ${ident(name)}`
		);
		return {
			join: lateral(
				`SELECT json_agg(${agg})::jsonb AS ${agg}${columns.length ? `, ${columns.join(', ')}` : ''} FROM (${sub} ) AS ${agg}`,
				aggregatedCondition
			),
			selects,
			groupBy
		};
	}
	const empty = isEmptyEmbed(child);
	const name = ident(embedName(child));
	const groupBy = empty ? [] : [name];
	if (toOne)
		return {
			join: lateral(sub, 'TRUE'),
			selects: empty ? [] : [`row_to_json(${agg}.*)::jsonb AS ${name}`],
			groupBy
		};
	return {
		join: lateral(
			`SELECT json_agg(${agg})::jsonb AS ${agg} FROM (${sub} ) AS ${agg}`,
			aggregatedCondition
		),
		selects: empty ? [] : [`COALESCE( ${agg}.${agg}, '[]') AS ${name}`],
		groupBy
	};
}

function limitSql(node: ReadNode, p: Params): string {
	if (node.limit === undefined && node.offset === 0) return '';
	const limit = node.limit === undefined ? 'ALL' : p.add(String(node.limit));
	return `LIMIT ${limit} OFFSET ${p.add(String(node.offset))}`;
}

/** The SELECT reading `node` and everything embedded in it. */
export function readSql(node: ReadNode, p: Params): string {
	const q = qualifierOf(node);
	const selects =
		node.select.length === 0 && node.children.length === 0
			? [column(q, '*')]
			: node.select.map((s) => selectSql(q, s, p));
	const joins: string[] = [];
	// Grouped by every column that is not aggregated, once anything is (PostgREST's groupF).
	let aggregated = node.select.some((s) => s.aggregate !== undefined);
	const groupBy = node.select
		.filter((s) => s.aggregate === undefined)
		.map((s) => (s.alias === undefined ? fieldSql(q, s.field, p) : ident(s.alias)));
	for (const child of node.children) {
		const embedded = embedSql(child, p);
		selects.push(...embedded.selects);
		joins.push(embedded.join);
		groupBy.push(...embedded.groupBy);
		aggregated ||= child.spreadSelect.some((s) => s.aggregate !== undefined);
	}
	const nullEmbed = (aggAlias: string, negated: boolean) =>
		`${ident(aggAlias)} IS ${negated ? '' : 'NOT '}DISTINCT FROM NULL`;
	const where = [
		...node.where.map((c) => conditionSql(q, c, p, nullEmbed)),
		...node.joinConditions.map(joinConditionSql)
	];
	return [
		`SELECT ${selects.join(', ')}${fromSql(node)}${joins.join('')}`,
		where.length ? ` WHERE ${where.join(' AND ')}` : '',
		aggregated && groupBy.length ? ` GROUP BY ${groupBy.join(', ')}` : '',
		` ${orderSql(q, node.order, p)} ${limitSql(node, p)}`
	].join('');
}

/**
 * Counts the root's rows: its filters and joins, no limit, and EXISTS for inner-joined embeds, as
 * PostgREST's readPlanToCountQuery does.
 */
export function countSql(node: ReadNode, p: Params): string {
	const q = qualifierOf(node);
	const byAlias = new Map(node.children.map((c) => [c.aggAlias, c]));
	const nullEmbed = (aggAlias: string, negated: boolean) => {
		const child = byAlias.get(aggAlias);
		return child ? `${negated ? '' : 'NOT '}EXISTS (${countSql(child, p)})` : 'TRUE';
	};
	const where = [
		...node.where.map((c) => conditionSql(q, c, p, nullEmbed)),
		...node.joinConditions.map(joinConditionSql),
		...node.children.filter((c) => c.joinType === 'inner').map((c) => `EXISTS (${countSql(c, p)} )`)
	];
	return `SELECT 1${fromSql(node)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`;
}
