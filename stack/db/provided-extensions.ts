// Supabase migrations enable an extension before using it (`create extension if not exists pg_cron
// with schema pg_catalog`). Where the stack builds an extension's SQL API into its image itself, there
// is no extension to create, so such statements are blanked out of a script before it runs: spaces
// and newlines in their place keep every other statement's line and position for error messages.
import { statementRanges, stripComments } from './split-sql';

const createExtension =
	/^create\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"([^"]+)"|([a-z_][a-z0-9_$]*))(?=[\s;]|$)/i;

export function withoutProvidedExtensions(script: string, provided: string[]): string {
	if (provided.length === 0) return script;
	let result = script;
	for (const { start, end } of statementRanges(script)) {
		const match = createExtension.exec(stripComments(script.slice(start, end)).trim());
		const name = match && (match[1] ?? match[2].toLowerCase());
		if (!name || !provided.includes(name)) continue;
		const blank = script.slice(start, end).replace(/[^\n]/g, ' ');
		result = result.slice(0, start) + blank + result.slice(end);
	}
	return result;
}
