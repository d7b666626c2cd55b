// Whether a ticket row that arrived in a live change differs from the copy a page shows, so a reply
// (which bumps only `updated_at` on the ticket) does not reload the whole page.

/** A timestamp as epoch ms, from PostgREST's ISO form or PostgreSQL's text form; else undefined. */
function instant(value: string): number | undefined {
	const match =
		/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}(?::?\d{2})?)$/.exec(value);
	if (!match) return undefined;
	const offset = match[3] === 'Z' || match[3].length > 3 ? match[3] : `${match[3]}:00`;
	const at = Date.parse(`${match[1]}T${match[2]}${offset}`);
	return Number.isNaN(at) ? undefined : at;
}

function same(shown: unknown, live: unknown): boolean {
	if (typeof shown === 'string' && typeof live === 'string') {
		const [a, b] = [instant(shown), instant(live)];
		if (a !== undefined && b !== undefined) return a === b;
	}
	return JSON.stringify(shown) === JSON.stringify(live);
}

/** Columns every change moves that no page shows. */
const unshown = new Set(['updated_at']);

/**
 * Whether `row` (a ticket as a realtime change carries it) changes a column `shown` holds; a column
 * the page does not hold (or a related record, which changes carry as ids) does not count.
 */
export function changesShown(
	shown: Record<string, unknown>,
	row: Record<string, unknown>
): boolean {
	return Object.keys(row).some(
		(column) =>
			!unshown.has(column) && Object.hasOwn(shown, column) && !same(shown[column], row[column])
	);
}
