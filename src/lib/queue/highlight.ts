// Search matches come back from the database between the control characters STX and ETX (see
// ticket_list_sql); this splits such text into parts to render as text, some of them marked, so no
// ticket text is ever rendered as HTML.

export interface TextPart {
	text: string;
	match: boolean;
}

export function highlightParts(text: string): TextPart[] {
	const parts: TextPart[] = [];
	const start = String.fromCharCode(2);
	const stop = String.fromCharCode(3);
	for (const [index, piece] of text.replaceAll(stop, start).split(start).entries()) {
		if (piece) parts.push({ text: piece, match: index % 2 === 1 });
	}
	return parts;
}
