// CSV as the exports write it. No imports, so the SQL tests can hold the database's own CSV
// (report_tickets_csv) to it.

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | null | undefined): string {
	const text = value === null || value === undefined ? '' : String(value);
	// A leading =, +, - or @ would run as a formula in a spreadsheet.
	const safe = /^[=+\-@]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
	return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvLine = (values: (string | number | null | undefined)[]) =>
	`${values.map(csvField).join(',')}\r\n`;
