// cron.job_run_details.return_message as pg_cron writes it from what libpq hands back: the last
// result's command tag ("INSERT 0 1"), "N rows" for a result set, or libpq's error text with its
// severity, cursor line, DETAIL, HINT and CONTEXT lines.
import type { ServerError, SimpleOutcome } from '../db';

/** libpq's "LINE n: …" and caret under the error position (1-based, in characters). */
function cursorLines(query: string, position: number): string {
	const characters = [...query];
	const before = characters.slice(0, position - 1).join('');
	const lineNumber = before.split('\n').length;
	const lineStart = before.lastIndexOf('\n') + 1;
	const lineEnd = query.indexOf('\n', lineStart);
	const line = query.slice(lineStart, lineEnd === -1 ? undefined : lineEnd).replace(/\t/g, ' ');
	const prefix = `LINE ${lineNumber}: `;
	const column = [...before.slice(lineStart)].length;
	return `${prefix}${line}\n${' '.repeat(prefix.length + column)}^\n`;
}

export function errorText(error: ServerError, query: string): string {
	let text = `${error.severity}:  ${error.message}\n`;
	const position = Number(error.position);
	if (position > 0) text += cursorLines(query, position);
	if (error.detail) text += `DETAIL:  ${error.detail}\n`;
	if (error.hint) text += `HINT:  ${error.hint}\n`;
	if (error.where) text += `CONTEXT:  ${error.where}\n`;
	return text;
}

export function returnMessage(outcome: SimpleOutcome, command: string): string {
	if (outcome.error) return errorText(outcome.error, command);
	const last = outcome.results.at(-1);
	if (last?.kind === 'command') return last.tag;
	const count = last?.kind === 'rows' ? last.count : 0;
	return `${count} ${count === 1 ? 'row' : 'rows'}`;
}
