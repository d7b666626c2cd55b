// The pieces of PostgREST's URL grammar shared by select, filters and order (QueryParams.hs):
// field names, quoted values, identifiers and JSON paths. Each reader returns undefined, with the
// cursor back where it was, when the text does not match.
import { Cursor, SyntaxFailure } from './cursor';
import type { Field, JsonStep } from './types';

const identifierChar = /[\p{L}0-9_ $]/u;

/** `"…"` with `\` escaping any character. */
export function quotedValue(c: Cursor): string | undefined {
	if (c.peek() !== '"') {
		c.expect('"\\""');
		return undefined;
	}
	let value = '';
	let i = c.pos + 1;
	while (i < c.text.length && c.text[i] !== '"') {
		if (c.text[i] === '\\' && i + 1 < c.text.length) i++;
		value += c.text[i++];
	}
	if (i >= c.text.length) {
		c.pos = i;
		c.expect('"\\""');
		throw new SyntaxFailure();
	}
	c.pos = i + 1;
	return value;
}

function many1(c: Cursor, accepts: (ch: string) => boolean, what: string): string | undefined {
	const start = c.pos;
	while (!c.done && accepts(c.peek())) c.pos++;
	if (c.pos === start) {
		c.expect(what);
		return undefined;
	}
	return c.text.slice(start, c.pos);
}

/** Letters, digits, `_`, `$` and spaces, trimmed: what PostgREST accepts in casts and names. */
export function identifier(c: Cursor): string | undefined {
	return many1(c, (ch) => identifierChar.test(ch), 'letter or digit')?.trim();
}

/** Parts joined by `-` (a `-` followed by `>` starts a JSON arrow instead). */
function separatedByDash(c: Cursor, part: (c: Cursor) => string | undefined): string | undefined {
	const first = part(c);
	if (first === undefined) return undefined;
	const parts = [first];
	while (c.peek() === '-' && c.peek(1) !== '>') {
		c.pos++;
		const next = part(c);
		if (next === undefined) throw new SyntaxFailure();
		parts.push(next);
	}
	return parts.join('-');
}

export function fieldName(c: Cursor): string | undefined {
	if (c.peek() === '"') return quotedValue(c);
	const name = separatedByDash(c, identifier);
	if (name === undefined) c.expect('field name (* or [a..z0..9_$])');
	return name;
}

const jsonKeyPart = (c: Cursor) =>
	many1(
		c,
		(ch) => !'(-:.,>)'.includes(ch),
		'any non reserved character different from: .,>()'
	)?.trim();

function jsonOperand(c: Cursor): { key: string; isIndex: boolean } | undefined {
	const index = c.attempt(() => {
		const match = /^-?[0-9]+/.exec(c.text.slice(c.pos));
		if (!match) return undefined;
		c.pos += match[0].length;
		const rest = c.text.slice(c.pos);
		const atEnd = rest === '' || ['->', '::', '.', ','].some((s) => rest.startsWith(s));
		if (!atEnd) return undefined;
		return match[0].startsWith('-') ? match[0] : `+${match[0]}`;
	});
	if (index !== undefined) return { key: index, isIndex: true };
	const key = c.peek() === '"' ? quotedValue(c) : separatedByDash(c, jsonKeyPart);
	return key === undefined ? undefined : { key, isIndex: false };
}

export function jsonPath(c: Cursor): JsonStep[] {
	const steps: JsonStep[] = [];
	for (;;) {
		const arrow = c.startsWith('->>') ? '->>' : c.startsWith('->') ? '->' : undefined;
		if (!arrow) {
			c.expect('"->>"');
			c.expect('"->"');
			return steps;
		}
		c.pos += arrow.length;
		const operand = jsonOperand(c);
		if (!operand) throw new SyntaxFailure();
		steps.push({ arrow, ...operand });
	}
}

/** A column name with an optional JSON path, spaces around it ignored. */
export function field(c: Cursor): Field | undefined {
	return c.attempt(() => {
		c.skipSpaces();
		const name = fieldName(c);
		if (name === undefined) return undefined;
		const path = jsonPath(c);
		c.skipSpaces();
		return { name, jsonPath: path };
	});
}

/** Runs a whole-parameter reader, turning a failure into PostgREST's PGRST100. */
export function parseWith<T>(text: string, what: string, read: (c: Cursor) => T | undefined): T {
	const c = new Cursor(text);
	let result: T | undefined;
	try {
		result = read(c);
	} catch (error) {
		if (error instanceof SyntaxFailure) throw c.error(`${what} (${text})`);
		throw error;
	}
	if (result === undefined) throw c.error(`${what} (${text})`);
	return result;
}
