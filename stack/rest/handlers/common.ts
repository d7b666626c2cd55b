// Pieces of PostgREST's responses shared by reads, writes and calls (Response.hs, RangeQuery.hs).
import { invalidRange, singularityError, maxAffectedViolation } from '../errors';
import type { Preferences } from '../parse';
import type { RestRequest } from '../request';
import type { Negotiated } from './negotiate';
import type { MainRow } from './types';

export const toCount = (value: number | string | null | undefined) =>
	value === null || value === undefined ? undefined : Number(value);

/** `Content-Range: lower-upper/total`, `*` for an empty range or an unknown total. */
export function contentRange(lower: number, upper: number, total: number | undefined): string {
	const range = total !== 0 && lower <= upper ? `${lower}-${upper}` : '*';
	return `${range}/${total === undefined ? '*' : total}`;
}

/** The status and Content-Range of a read: 206 for part of a counted total, 416 past its end. */
export function rangeStatus(offset: number, pageTotal: number, total: number | undefined) {
	const upper = offset + pageTotal - 1;
	let status = 200;
	if (total !== undefined) {
		if (offset > total) status = 416;
		else if (1 + upper - offset < total) status = 206;
	}
	return { status, contentRange: contentRange(offset, upper, total) };
}

export const outOfBounds = (offset: number, total: number | undefined) =>
	invalidRange(`An offset of ${offset} was requested, but there are only ${total ?? 0} rows.`);

/** Content-Type (and Content-Profile when the schema was negotiated), added to `into`. */
export function contentHeaders(
	request: RestRequest,
	negotiated: Negotiated,
	into: Record<string, string> = {}
): Record<string, string> {
	into['Content-Type'] = negotiated.contentType;
	if (request.negotiatedByProfile) into['Content-Profile'] = request.schema;
	return into;
}

/**
 * The checks PostgREST makes on the main statement's outcome before committing, or undefined when
 * none applies (the request then needs no transaction held open for them): a single object asked
 * for (anything but one row is 406) and, where `prefer` is given, `Prefer: handling=strict,
 * max-affected=n` (more rows than n is PGRST124). Failing either rolls the transaction back.
 */
export function outcomeCheck(
	negotiated: Negotiated | undefined,
	prefer?: Preferences
): ((row: MainRow) => void) | undefined {
	const single = negotiated?.single === true;
	const limit = prefer?.handling === 'strict' ? prefer.maxAffected : undefined;
	if (!single && limit === undefined) return undefined;
	return (row) => {
		const rows = Number(row.page_total);
		if (single && rows !== 1) throw singularityError(rows);
		if (limit !== undefined && rows > limit) throw maxAffectedViolation(rows);
	};
}
