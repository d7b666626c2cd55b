// SELECT statements for a read plan, shaped like PostgREST's readPlanToQuery: each embedded resource
// is a LATERAL join, a to-one one rendered with row_to_json(...)::jsonb, a to-many one with
// json_agg(...)::jsonb, so values serialize exactly as PostgreSQL prints them.
import { isToOne } from '../catalog';
import { embedName, qualifierOf, type JoinCondition, type ReadNode } from '../plan';
import { conditionSql, orderSql, selectSql } from './conditions';
import { column, ident, qualified, type Params } from './fragments';

const joinConditionSql = (j: JoinCondition) =>
	`${column(j.left, j.leftColumn)} = ${column(j.right, j.rightColumn)}`;

function fromSql(node: ReadNode): string {
	const alias = node.fromAlias === undefined ? '' : ` AS ${ident(node.fromAlias)}`;
	const junction = node.relationship?.junction;
	return ` FROM ${qualified(node.from)}${alias}${junction && node.relationship?.cardinality === 'many-to-many' ? `, ${qualified(junction.table)}` : ''}`;
}

/** An embed with nothing selected anywhere below it joins (to filter) but adds no output. */
const isEmptyEmbed = (node: ReadNode): boolean =>
	node.select.length === 0 && node.children.every(isEmptyEmbed);

/** The output names a spread embed contributes to its parent. */
function spreadNames(node: ReadNode): string[] {
	return [
		...node.select.map((s) => s.alias ?? s.field.name),
		...node.children.flatMap((child) =>
			child.spread ? spreadNames(child) : isEmptyEmbed(child) ? [] : [embedName(child)]
		)
	];
}

const spreadColumn = (aggAlias: string, name: string) =>
	name === '*' ? `${ident(aggAlias)}.*` : `${ident(aggAlias)}.${ident(name)}`;

function embedSql(child: ReadNode, p: Params): { join: string; selects: string[] } {
	const agg = ident(child.aggAlias);
	const sub = readSql(child, p);
	const joinKind = child.joinType === 'inner' ? 'INNER' : 'LEFT';
	const lateral = (query: string, condition: string) =>
		` ${joinKind} JOIN LATERAL ( ${query} ) AS ${agg} ON ${condition}`;
	const toOne = isToOne(child.relationship!);
	const aggregatedCondition = child.joinType === 'inner' ? `${agg} IS NOT NULL` : 'TRUE';

	if (child.spread) {
		const names = spreadNames(child);
		if (toOne)
			return {
				join: lateral(sub, 'TRUE'),
				selects: names.map((n) => spreadColumn(child.aggAlias, n))
			};
		const columns = names.map(
			(n) => `COALESCE(json_agg(${spreadColumn(child.aggAlias, n)}),'[]')::jsonb AS ${ident(n)}`
		);
		return {
			join: lateral(
				`SELECT json_agg(${agg})::jsonb AS ${agg}${columns.length ? `, ${columns.join(', ')}` : ''} FROM (${sub} ) AS ${agg}`,
				aggregatedCondition
			),
			selects: names.map((n) => spreadColumn(child.aggAlias, n))
		};
	}
	const empty = isEmptyEmbed(child);
	const name = ident(embedName(child));
	if (toOne)
		return {
			join: lateral(sub, 'TRUE'),
			selects: empty ? [] : [`row_to_json(${agg}.*)::jsonb AS ${name}`]
		};
	return {
		join: lateral(
			`SELECT json_agg(${agg})::jsonb AS ${agg} FROM (${sub} ) AS ${agg}`,
			aggregatedCondition
		),
		selects: empty ? [] : [`COALESCE( ${agg}.${agg}, '[]') AS ${name}`]
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
	for (const child of node.children) {
		const embedded = embedSql(child, p);
		selects.push(...embedded.selects);
		joins.push(embedded.join);
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
