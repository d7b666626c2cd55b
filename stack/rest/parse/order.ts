// `order=a.desc.nullslast,rel(b).asc`, as PostgREST's pOrder reads it.
import type { Cursor } from './cursor';
import { SyntaxFailure } from './cursor';
import { field, fieldName, parseWith } from './grammar';
import type { OrderTerm } from './types';

function suffixes(c: Cursor): Pick<OrderTerm, 'direction' | 'nulls'> {
	const result: Pick<OrderTerm, 'direction' | 'nulls'> = {};
	if (c.startsWith('.asc')) {
		result.direction = 'asc';
		c.pos += 4;
	} else if (c.startsWith('.desc')) {
		result.direction = 'desc';
		c.pos += 5;
	}
	if (c.startsWith('.nullsfirst')) {
		result.nulls = 'first';
		c.pos += 11;
	} else if (c.startsWith('.nullslast')) {
		result.nulls = 'last';
		c.pos += 10;
	}
	c.skipSpaces();
	if (!c.done && c.peek() !== ',') {
		c.expect('"asc", "desc", "nullsfirst" or "nullslast"');
		throw new SyntaxFailure();
	}
	return result;
}

function term(c: Cursor): OrderTerm | undefined {
	const related = c.attempt(() => {
		c.skipSpaces();
		const relation = fieldName(c);
		if (relation === undefined || !c.eat('(')) return undefined;
		const column = field(c);
		if (!column || !c.eat(')')) return undefined;
		return { relation, field: column };
	});
	if (related) return { ...related, ...suffixes(c) };
	const column = field(c);
	return column ? { field: column, ...suffixes(c) } : undefined;
}

export const parseOrder = (text: string): OrderTerm[] =>
	parseWith(text, 'order', (c) => {
		const terms: OrderTerm[] = [];
		for (;;) {
			const next = term(c);
			if (!next) return undefined;
			terms.push(next);
			if (!c.eat(',')) return terms;
		}
	});
