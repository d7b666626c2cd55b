// Splits a SQL script into statements, as the Supabase CLI records them in schema_migrations:
// semicolons end statements except inside quotes, dollar quotes, identifiers and comments.

export function splitSql(script: string): string[] {
	return statementRanges(script).map(({ start, end }) => script.slice(start, end).trim());
}

/** Where each statement of `script` starts and ends (its `;` included), comments before it included. */
export function statementRanges(script: string): { start: number; end: number }[] {
	const ranges: { start: number; end: number }[] = [];
	let start = 0;
	let i = 0;
	const n = script.length;

	while (i < n) {
		const c = script[i];
		const next = script[i + 1];
		if (c === '-' && next === '-') {
			const end = script.indexOf('\n', i);
			i = end === -1 ? n : end + 1;
		} else if (c === '/' && next === '*') {
			let depth = 1;
			i += 2;
			while (i < n && depth > 0) {
				const pair = script.slice(i, i + 2);
				if (pair === '/*' || pair === '*/') {
					depth += pair === '/*' ? 1 : -1;
					i += 2;
				} else i++;
			}
		} else if (c === "'" || c === '"') {
			i++;
			while (i < n) {
				if (script[i] === c && script[i + 1] === c) i += 2;
				else if (script[i] === c) break;
				else i++;
			}
			i++;
		} else if (c === '$') {
			const tag = /^\$[A-Za-z_][A-Za-z_0-9]*\$|^\$\$/.exec(script.slice(i, i + 64))?.[0];
			if (tag) {
				const end = script.indexOf(tag, i + tag.length);
				i = end === -1 ? n : end + tag.length;
			} else i++;
		} else if (c === ';') {
			push(start, i + 1);
			start = ++i;
		} else i++;
	}
	push(start, n);
	return ranges;

	function push(from: number, to: number) {
		if (stripComments(script.slice(from, to)).trim().replace(/;$/, '').trim())
			ranges.push({ start: from, end: to });
	}
}

export const stripComments = (text: string) =>
	text.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');

/** 1-based line of a character offset, for pointing at the failing part of a script. */
export const lineAt = (script: string, offset: number) =>
	script.slice(0, Math.max(0, offset)).split('\n').length;
