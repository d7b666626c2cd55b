// Columns with JSON paths, filters, logic trees and ORDER BY terms, as PostgREST writes them
// (SqlFragment.hs): values are untyped parameters so PostgreSQL reads them as the column's type.
import {
	isEmptyList,
	type Aggregate,
	type OpExpr,
	type QuantOperator,
	type SimpleOperator
} from '../parse';
import type { PlanCondition, PlanField, PlanOrder, PlanSelect, Qualifier } from '../plan';
import { arrayLiteral, column, ident, type Params } from './fragments';

const simpleOperators: Record<SimpleOperator, string> = {
	neq: '<>',
	cs: '@>',
	cd: '<@',
	ov: '&&',
	sl: '<<',
	sr: '>>',
	nxr: '&<',
	nxl: '&>',
	adj: '-|-'
};

const quantOperators: Record<QuantOperator, string> = {
	eq: '=',
	gte: '>=',
	gt: '>',
	lte: '<=',
	lt: '<',
	like: 'like',
	ilike: 'ilike',
	match: '~',
	imatch: '~*'
};

const ftsFunctions = {
	fts: 'to_tsquery',
	plfts: 'plainto_tsquery',
	phfts: 'phraseto_tsquery',
	wfts: 'websearch_to_tsquery'
};

const isKeywords = {
	null: 'NULL',
	not_null: 'NOT NULL',
	true: 'TRUE',
	false: 'FALSE',
	unknown: 'UNKNOWN'
};

/** A column, or a JSON path into it (through `to_jsonb` unless it is json already). */
export function fieldSql(q: Qualifier, field: PlanField, p: Params): string {
	if (field.jsonPath.length === 0) return column(q, field.name);
	const base = field.isJson ? column(q, field.name) : `to_jsonb(${column(q, field.name)})`;
	return (
		base +
		field.jsonPath
			.map((step) => `${step.arrow}${p.add(step.key)}${step.isIndex ? '::int' : ''}`)
			.join('')
	);
}

/**
 * `CAST( sql AS type )`. The type is not quoted (`"bigint"` is no type), as in PostgREST: the select
 * grammar lets only letters, digits, `_`, `$` and spaces through.
 */
const castSql = (sql: string, type: string | undefined) =>
	type === undefined ? sql : `CAST( ${sql} AS ${type} )`;

/** `SUM(sql)`, cast after when asked: PostgREST's pgFmtApplyAggregate. */
export const aggregateSql = (
	sql: string,
	aggregate: Aggregate | undefined,
	aggregateCast: string | undefined
) => (aggregate === undefined ? sql : castSql(`${aggregate.toUpperCase()}(${sql})`, aggregateCast));

export function selectSql(q: Qualifier, item: PlanSelect, p: Params): string {
	const value = item.fullRow ? ident(q.name) : fieldSql(q, item.field, p);
	const sql = aggregateSql(castSql(value, item.cast), item.aggregate, item.aggregateCast);
	return item.alias === undefined ? sql : `${sql} AS ${ident(item.alias)}`;
}

/**
 * The one value a filter sends as a parameter (PostgREST's operand), or undefined for `is`. The same
 * function serves a request planned afresh and one bound to a cached plan of the same shape.
 */
export function operandOf(expr: OpExpr): string | undefined {
	const op = expr.operation;
	switch (op.kind) {
		case 'simple':
		case 'isdistinct':
		case 'fts':
			return op.value;
		case 'quant':
			return op.op === 'like' || op.op === 'ilike' ? op.value.replaceAll('*', '%') : op.value;
		case 'in':
			return isEmptyList(op.values) ? undefined : arrayLiteral(op.values);
		case 'is':
			return undefined;
	}
}

function filterSql(
	q: Qualifier,
	field: PlanField,
	expr: OpExpr,
	source: number | undefined,
	p: Params
): string {
	const op = expr.operation;
	let target = fieldSql(q, field, p);
	if (op.kind === 'fts' && !field.isTsvector)
		target = `to_tsvector(${op.language === undefined ? '' : `${p.add(op.language)}, `}${target})`;
	const negation = expr.negated ? 'NOT ' : '';
	const operand = () => p.addOperand(operandOf(expr)!, source);
	switch (op.kind) {
		case 'simple':
			return `${negation}${target} ${simpleOperators[op.op]} ${operand()}`;
		case 'quant': {
			const value = op.quantifier ? `${op.quantifier.toUpperCase()}(${operand()})` : operand();
			return `${negation}${target} ${quantOperators[op.op]} ${value}`;
		}
		case 'in':
			return isEmptyList(op.values)
				? `${negation}${target} = ANY('{}')`
				: `${negation}${target} = ANY (${operand()})`;
		case 'is':
			return `${negation}${target} IS ${isKeywords[op.value]}`;
		case 'isdistinct':
			return `${negation}${target} IS DISTINCT FROM ${operand()}`;
		case 'fts': {
			const language = op.language === undefined ? '' : `${p.add(op.language)}, `;
			return `${negation}${target} @@ ${ftsFunctions[op.op]}(${language}${operand()})`;
		}
	}
}

/**
 * A WHERE condition. `nullEmbed` renders `rel=is.null` filters: in a read they test the embed's
 * join alias; in a count query they become EXISTS over the embed.
 */
export function conditionSql(
	q: Qualifier,
	condition: PlanCondition,
	p: Params,
	nullEmbed: (aggAlias: string, negated: boolean) => string
): string {
	switch (condition.kind) {
		case 'filter':
			return filterSql(q, condition.field, condition.expr, condition.source, p);
		case 'null-embed':
			return nullEmbed(condition.aggAlias, condition.negated);
		case 'expr': {
			const joiner = condition.op === 'and' ? ' AND ' : ' OR ';
			const inner = condition.children.map((c) => conditionSql(q, c, p, nullEmbed)).join(joiner);
			return `${condition.negated ? 'NOT ' : ''}(${inner})`;
		}
	}
}

export function orderSql(q: Qualifier, terms: PlanOrder[], p: Params): string {
	if (terms.length === 0) return '';
	const parts = terms.map((term) => {
		const target =
			term.relationAlias === undefined
				? fieldSql(q, term.field, p)
				: fieldSql({ name: term.relationAlias }, { ...term.field, isJson: false }, p);
		const direction = term.direction === undefined ? '' : ` ${term.direction.toUpperCase()}`;
		const nulls = term.nulls === undefined ? '' : ` NULLS ${term.nulls.toUpperCase()}`;
		return `${target}${direction}${nulls}`;
	});
	return `ORDER BY ${parts.join(', ')}`;
}
