// `select=`: columns, aliases, casts, JSON paths, aggregates, and embedded resources (with hints,
// join types and spreads), as PostgREST's pFieldForest reads them.
import { Cursor, SyntaxFailure } from './cursor';
import { field, fieldName, identifier, parseWith } from './grammar';
import type { Aggregate, SelectField, SelectItem, SelectRelation } from './types';

const aggregates: Aggregate[] = ['sum', 'avg', 'count', 'max', 'min'];

/** `alias:` (a single colon: `::` is a cast). */
function alias(c: Cursor): string | undefined {
	return c.attempt(() => {
		const name = fieldName(c);
		if (name === undefined || c.peek() !== ':' || c.peek(1) === ':') return undefined;
		c.pos++;
		return name;
	});
}

function cast(c: Cursor): string | undefined {
	if (!c.startsWith('::')) {
		c.expect('"::"');
		return undefined;
	}
	c.pos += 2;
	const type = identifier(c);
	if (type === undefined) throw new SyntaxFailure();
	return type;
}

/** The end of a select item: `)`, `,` or the end of the parameter, not consumed. */
function atItemEnd(c: Cursor): boolean {
	if (c.done || c.peek() === ')' || c.peek() === ',') return true;
	c.expect('")"');
	c.expect('","');
	c.expect('end of input');
	return false;
}

/** `!hint`, `!inner`, `!left`, at most two of them. */
function embedParams(c: Cursor): Pick<SelectRelation, 'hint' | 'joinType'> {
	const params: Pick<SelectRelation, 'hint' | 'joinType'> = {};
	for (let i = 0; i < 2 && c.peek() === '!'; i++) {
		c.pos++;
		if (c.eat('left')) params.joinType ??= 'left';
		else if (c.eat('inner')) params.joinType ??= 'inner';
		else {
			const hint = fieldName(c);
			if (hint === undefined) throw new SyntaxFailure();
			params.hint ??= hint;
		}
	}
	return params;
}

function relationHead(c: Cursor): Omit<SelectRelation, 'children'> | undefined {
	return c.attempt(() => {
		c.skipSpaces();
		if (c.startsWith('...')) {
			c.pos += 3;
			const name = fieldName(c);
			if (name === undefined) return undefined;
			const params = embedParams(c);
			c.skipSpaces();
			return c.peek() === '(' ? { kind: 'relation', name, spread: true, ...params } : undefined;
		}
		const as = alias(c);
		const name = fieldName(c);
		if (name === undefined || name === 'count') return undefined;
		const params = embedParams(c);
		c.skipSpaces();
		if (c.peek() !== '(') {
			c.expect('"("');
			return undefined;
		}
		return { kind: 'relation', name, alias: as, spread: false, ...params };
	});
}

function selectField(c: Cursor): SelectField | undefined {
	return c.attempt(() => {
		c.skipSpaces();
		const star = c.attempt(() => (c.eat('*') && atItemEnd(c) ? true : undefined));
		if (star) return { kind: 'field', field: { name: '*', jsonPath: [] } };
		const countStar = c.attempt((): SelectField | undefined => {
			const as = alias(c);
			if (!c.eat('count()')) return undefined;
			const aggregateCast = cast(c);
			return atItemEnd(c)
				? {
						kind: 'field',
						field: { name: '*', jsonPath: [] },
						alias: as,
						aggregate: 'count',
						aggregateCast
					}
				: undefined;
		});
		if (countStar) return countStar;
		const as = alias(c);
		const column = field(c);
		if (!column) return undefined;
		const columnCast = cast(c);
		const aggregate = c.attempt(() => {
			if (!c.eat('.')) return undefined;
			const name = aggregates.find((a) => c.startsWith(`${a}()`));
			if (!name) return undefined;
			c.pos += name.length + 2;
			return name;
		});
		const aggregateCast = aggregate ? cast(c) : undefined;
		c.skipSpaces();
		if (!atItemEnd(c)) throw new SyntaxFailure();
		return {
			kind: 'field',
			field: column,
			alias: as,
			cast: columnCast,
			aggregate,
			aggregateCast
		};
	});
}

function selectItem(c: Cursor): SelectItem | undefined {
	const head = relationHead(c);
	if (head) {
		c.pos++;
		const children = forest(c);
		if (!c.eat(')')) throw new SyntaxFailure();
		c.skipSpaces();
		return { ...head, children };
	}
	return selectField(c);
}

function forest(c: Cursor): SelectItem[] {
	const items: SelectItem[] = [];
	const first = selectItem(c);
	if (!first) return items;
	items.push(first);
	for (;;) {
		const comma = c.attempt(() => {
			c.skipSpaces();
			return c.eat(',') ? true : undefined;
		});
		if (!comma) return items;
		c.skipSpaces();
		const next = selectItem(c);
		if (!next) throw new SyntaxFailure();
		items.push(next);
	}
}

export const parseSelect = (text: string): SelectItem[] =>
	parseWith(text, 'select parameter', (c) => forest(c));
