// CSV request bodies (Content-Type: text/csv), read as PostgREST reads them: a header row naming the
// columns, one row per object, the unquoted text NULL for a null.

function parseRows(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	let wasQuoted = false;
	const endCell = () => {
		row.push(!wasQuoted && cell === 'NULL' ? '\u0000NULL' : cell);
		cell = '';
		wasQuoted = false;
	};
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (quoted) {
			if (ch === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (ch === '"') quoted = false;
			else cell += ch;
		} else if (ch === '"' && cell === '') {
			quoted = true;
			wasQuoted = true;
		} else if (ch === ',') endCell();
		else if (ch === '\n' || ch === '\r') {
			if (ch === '\r' && text[i + 1] === '\n') i++;
			endCell();
			rows.push(row);
			row = [];
		} else cell += ch;
	}
	if (quoted) throw new Error('unterminated quoted field');
	if (cell !== '' || wasQuoted || row.length > 0) {
		endCell();
		rows.push(row);
	}
	return rows;
}

/** The objects a CSV body stands for, or an error message PostgREST-style. */
export function csvToObjects(text: string): Record<string, string | null>[] | string {
	let rows: string[][];
	try {
		rows = parseRows(text);
	} catch (error) {
		return (error as Error).message;
	}
	const [header, ...lines] = rows;
	if (!header) return [];
	const objects: Record<string, string | null>[] = [];
	for (const line of lines) {
		if (line.length !== header.length) return 'All lines must have same number of fields';
		objects.push(
			Object.fromEntries(header.map((name, i) => [name, line[i] === '\u0000NULL' ? null : line[i]]))
		);
	}
	return objects;
}
