// What no answer may carry: SQL the server ran (or a syntax error showing a value was pasted into
// SQL), a stack trace, or a path of the machine it runs on. The fuzzer never sends SQL keywords or
// local paths itself, so an answer that echoes its input cannot trip these.
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const projectRoot = join(import.meta.dirname, '..', '..', '..', '..');

const patterns: [string, RegExp][] = [
	[
		'SQL statement',
		/\b(select\b[\s\S]{0,200}\bfrom|insert\s+into|delete\s+from|update\s+\S+\s+set)\b/i
	],
	['SQL syntax error', /syntax error at or near/i],
	[
		'SQL internals',
		/pg_catalog\.|_stack\.|set_config\(|jsonb?_build_object\(|\bLINE \d+:|\bQUERY:|PL\/pgSQL/
	],
	['stack trace', /\bat (async )?[\w$.<>[\]]+ \(?[^\s()]*:\d+:\d+\)?|node:internal|\n\s+at /],
	['file path', /file:\/\/|node_modules|\.(ts|js|mjs):\d+/],
	['local path', new RegExp(`${escape(projectRoot)}|${escape(tmpdir())}/`)]
];

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The kinds of leak in `text`, empty when it is clean. */
export function leaksIn(text: string): string[] {
	return patterns.filter(([, pattern]) => pattern.test(text)).map(([kind]) => kind);
}
