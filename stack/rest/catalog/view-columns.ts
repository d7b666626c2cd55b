// Which table column each column of a view shows, read from the view's stored query tree
// (pg_rewrite.ev_action): the top-level target list records, for a column taken straight from a table,
// that table's oid and the column's number. Embedding through a view's foreign keys needs this.

export interface ViewColumnOrigin {
	/** The view's column. */
	column: string;
	tableOid: number;
	attnum: number;
}

/** Splits a pg_node_tree into tokens the way PostgreSQL's reader does: brackets, or words with `\` escapes. */
function* tokens(text: string): Generator<string> {
	let i = 0;
	while (i < text.length) {
		const c = text[i];
		if (c === ' ' || c === '\n' || c === '\t') {
			i++;
		} else if (c === '(' || c === ')' || c === '{' || c === '}') {
			i++;
			yield c;
		} else if (c === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			yield text.slice(i, j + 1);
			i = j + 1;
		} else {
			let word = '';
			while (i < text.length && !' \n\t(){}'.includes(text[i])) {
				if (text[i] === '\\' && i + 1 < text.length) {
					word += text[i + 1];
					i += 2;
				} else word += text[i++];
			}
			yield word === '<>' ? '' : word;
		}
	}
}

/**
 * The origins of a view's columns, from `ev_action::text`. Only the view's own top-level query is
 * read; columns computed from expressions, or coming from other views, have no origin.
 */
export function viewColumnOrigins(definition: string): ViewColumnOrigin[] {
	const origins: ViewColumnOrigin[] = [];
	let depth = 0;
	let field = '';
	let inTargetList = false;
	let targetListDepth = -1;
	let entry: Record<string, string> | undefined;

	for (const token of tokens(definition)) {
		if (token === '(' || token === '{') {
			depth++;
			if (inTargetList && token === '{' && depth === targetListDepth + 1) entry = {};
			if (field === ':targetList' && depth === 3) {
				inTargetList = true;
				targetListDepth = depth;
			}
			field = '';
			continue;
		}
		if (token === ')' || token === '}') {
			if (entry && depth === targetListDepth + 1 && token === '}') {
				const oid = Number(entry[':resorigtbl']);
				if (oid > 0 && entry[':resjunk'] !== 'true' && entry[':resname'])
					origins.push({
						column: entry[':resname'],
						tableOid: oid,
						attnum: Number(entry[':resorigcol'])
					});
				entry = undefined;
			}
			if (inTargetList && depth === targetListDepth) inTargetList = false;
			depth--;
			// Only the first query of the rule is the view's.
			if (depth === 0) break;
			field = '';
			continue;
		}
		if (token.startsWith(':')) {
			field = token;
			continue;
		}
		if (entry && depth === targetListDepth + 1 && field) entry[field] = token;
		field = '';
	}
	return origins;
}
