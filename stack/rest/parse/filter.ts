// Filters (`col=op.value`, `rel.col=not.in.(a,"b,c")`) and logic trees (`or=(a.eq.1,and(b.gt.2,c.is.null))`),
// as PostgREST's pOpExpr, pTreePath and pLogicTree read them.
import { Cursor, SyntaxFailure } from './cursor';
import { field, fieldName, identifier, jsonPath, parseWith, quotedValue } from './grammar';
import type {
	EmbedPath,
	Field,
	FtsOperator,
	IsValue,
	LogicTree,
	OpExpr,
	Operation,
	QuantOperator,
	SimpleOperator
} from './types';

// Order matters: PostgREST tries these in turn (so `gte` before `gt`, `like` before `ilike`).
const simpleOperators: SimpleOperator[] = [
	'neq',
	'cs',
	'cd',
	'ov',
	'sl',
	'sr',
	'nxr',
	'nxl',
	'adj'
];
const quantOperators: QuantOperator[] = [
	'eq',
	'gte',
	'gt',
	'lte',
	'lt',
	'like',
	'ilike',
	'match',
	'imatch'
];
const ftsOperators: FtsOperator[] = ['fts', 'plfts', 'phfts', 'wfts'];
const isValues: IsValue[] = ['null', 'not_null', 'true', 'false', 'unknown'];

type ValueReader = (c: Cursor) => string;

/** A filter's value at the top level: everything that is left. */
const restOfText: ValueReader = (c) => {
	const value = c.text.slice(c.pos);
	c.pos = c.text.length;
	return value;
};

/** A value inside a logic tree: quoted, a `{…}` array literal, or up to the next `,` or `)`. */
const logicValue: ValueReader = (c) => {
	const quoted = c.attempt(() => {
		const value = c.peek() === '"' ? quotedValue(c) : undefined;
		return value !== undefined && (c.done || c.peek() === ',' || c.peek() === ')')
			? value
			: undefined;
	});
	if (quoted !== undefined) return quoted;
	const array = /^\{[^{}]*\}/.exec(c.text.slice(c.pos));
	if (array) {
		c.pos += array[0].length;
		return array[0];
	}
	const start = c.pos;
	while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.pos++;
	return c.text.slice(start, c.pos);
};

function listElement(c: Cursor): string {
	const quoted = c.attempt(() => {
		const value = c.peek() === '"' ? quotedValue(c) : undefined;
		return value !== undefined && (c.peek() === ',' || c.peek() === ')') ? value : undefined;
	});
	if (quoted !== undefined) return quoted;
	const start = c.pos;
	while (!c.done && c.peek() !== ',' && c.peek() !== ')') c.pos++;
	return c.text.slice(start, c.pos);
}

/** `(a,"b,c")`. */
function listValue(c: Cursor): string[] {
	c.skipSpaces();
	if (!c.eat('(')) throw new SyntaxFailure();
	c.skipSpaces();
	const values = [listElement(c)];
	while (c.peek() === ',') {
		c.pos++;
		values.push(listElement(c));
	}
	c.skipSpaces();
	if (!c.eat(')')) throw new SyntaxFailure();
	c.skipSpaces();
	return values;
}

function delimiter(c: Cursor): boolean {
	if (c.peek() === '.') {
		c.pos++;
		return true;
	}
	c.expect('delimiter (.)');
	return false;
}

function operation(c: Cursor, value: ValueReader): Operation | undefined {
	if (c.startsWith('in.')) {
		c.pos += 3;
		return { kind: 'in', values: listValue(c) };
	}
	if (c.startsWith('is.')) {
		c.pos += 3;
		const found = isValues.find((v) => c.text.slice(c.pos, c.pos + v.length).toLowerCase() === v);
		if (!found) {
			c.expect('isVal: (null, not_null, true, false, unknown)');
			throw new SyntaxFailure();
		}
		c.pos += found.length;
		return { kind: 'is', value: found };
	}
	if (c.startsWith('isdistinct.')) {
		c.pos += 'isdistinct.'.length;
		return { kind: 'isdistinct', value: value(c) };
	}
	const fts = c.attempt((): Operation | undefined => {
		const op = ftsOperators.find((o) => c.startsWith(o));
		if (!op) return undefined;
		c.pos += op.length;
		let language: string | undefined;
		if (c.peek() === '(') {
			language = c.attempt(() => {
				c.pos++;
				const name = identifier(c);
				return name !== undefined && c.eat(')') ? name : undefined;
			});
		}
		return delimiter(c) ? { kind: 'fts', op, language, value: value(c) } : undefined;
	});
	if (fts) return fts;
	const simple = c.attempt((): Operation | undefined => {
		const op = simpleOperators.find((o) => c.startsWith(o));
		if (!op) return undefined;
		c.pos += op.length;
		return delimiter(c) ? { kind: 'simple', op, value: value(c) } : undefined;
	});
	if (simple) return simple;
	const quant = c.attempt((): Operation | undefined => {
		const op = quantOperators.find((o) => c.startsWith(o));
		if (!op) return undefined;
		c.pos += op.length;
		let quantifier: 'any' | 'all' | undefined;
		if (c.startsWith('(any)')) quantifier = 'any';
		else if (c.startsWith('(all)')) quantifier = 'all';
		if (quantifier) c.pos += 5;
		return delimiter(c) ? { kind: 'quant', op, quantifier, value: value(c) } : undefined;
	});
	if (quant) return quant;
	c.expect('operator (eq, gt, ...)');
	return undefined;
}

function opExpr(c: Cursor, value: ValueReader): OpExpr | undefined {
	const negated = c.attempt(() => (c.eat('not.') ? true : undefined)) ?? false;
	if (!negated) c.expect('"not"');
	const op = operation(c, value);
	return op ? { negated, operation: op } : undefined;
}

/** The value of a filter parameter, e.g. `not.eq.5`. */
export const parseOpExpr = (text: string): OpExpr =>
	parseWith(text, 'filter', (c) => opExpr(c, restOfText));

/** Whether a GET function argument such as `a=1` is an argument rather than a filter. */
export function isFilterValue(text: string): boolean {
	const c = new Cursor(text);
	try {
		return opExpr(c, restOfText) !== undefined;
	} catch {
		return false;
	}
}

/** A filter key: `col`, `rel.col`, `rel.nested.col->>key`; PostgREST ignores anything after it. */
export const parseTreePath = (text: string): { path: EmbedPath; field: Field } =>
	parseWith(text, 'tree path', (c) => {
		const names: string[] = [];
		for (;;) {
			const name = fieldName(c);
			if (name === undefined) return undefined;
			names.push(name);
			if (c.peek() !== '.') break;
			c.pos++;
		}
		const path = jsonPath(c);
		return { path: names.slice(0, -1), field: { name: names[names.length - 1], jsonPath: path } };
	});

function logicTree(c: Cursor): LogicTree {
	const statement = c.attempt((): LogicTree | undefined => {
		const target = field(c);
		if (!target || !delimiter(c)) return undefined;
		const expr = opExpr(c, logicValue);
		return expr ? { kind: 'filter', filter: { field: target, expr } } : undefined;
	});
	if (statement) return statement;
	const negated = c.attempt(() => (c.eat('not.') ? true : undefined)) ?? false;
	const op = c.eat('and') ? 'and' : c.eat('or') ? 'or' : undefined;
	if (!op) {
		c.expect('logic operator (and, or)');
		throw new SyntaxFailure();
	}
	c.skipSpaces();
	if (!c.eat('(')) throw new SyntaxFailure();
	c.skipSpaces();
	const children = [logicTree(c)];
	for (;;) {
		c.skipSpaces();
		if (!c.eat(',')) break;
		c.skipSpaces();
		children.push(logicTree(c));
	}
	if (!c.eat(')')) throw new SyntaxFailure();
	c.skipSpaces();
	return { kind: 'expr', negated, op, children };
}

/** `or=(…)` under the key `rel.not.or`: the key gives the embed path and the operator. */
export function parseLogic(key: string, value: string): { path: EmbedPath; tree: LogicTree } {
	const names = parseWith(key, 'logic path', (c) => {
		const parts: string[] = [];
		for (;;) {
			const name = fieldName(c);
			if (name === undefined) return undefined;
			parts.push(name);
			if (!c.eat('.')) return parts;
		}
	});
	const op = names[names.length - 1];
	const negated = names.includes('not');
	const path = names.slice(0, -1).filter((n) => n !== 'not');
	const text = `${negated ? 'not.' : ''}${op}${value}`;
	return { path, tree: parseWith(text, 'logic tree', (c) => logicTree(c)) };
}

/** `in.()`: no values, which PostgREST turns into a comparison with the empty array. */
export const isEmptyList = (values: string[]) => values.length === 1 && values[0] === '';

/**
 * What in a filter decides the SQL it becomes, apart from its column: everything but its operand.
 * Two requests whose filters agree on this run the same statement with different parameters.
 */
export function filterShape(expr: OpExpr): string {
	const op = expr.operation;
	const head = `${expr.negated ? 'not.' : ''}${op.kind}`;
	switch (op.kind) {
		case 'simple':
			return `${head}.${op.op}`;
		case 'quant':
			return `${head}.${op.op}.${op.quantifier ?? ''}`;
		case 'fts':
			return `${head}.${op.op}.${op.language === undefined ? '' : `(${op.language})`}`;
		case 'in':
			return `${head}.${isEmptyList(op.values) ? 'empty' : 'list'}`;
		case 'is':
			return `${head}.${op.value}`;
		case 'isdistinct':
			return head;
	}
}
