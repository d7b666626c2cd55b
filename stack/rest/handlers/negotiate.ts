// Which representation the client accepts (PostgREST's negotiateContent over its built-in handlers):
// JSON, a single JSON object, CSV, JSON with nulls stripped, and, when db-plan-enabled is on, the
// EXPLAIN plan of any of those; anything else is 406 PGRST107.
import { mediaTypeError } from '../errors';
import { parseAccept, toMime, type MediaType, type PlanOption } from '../parse';
import type { BodyFormat } from '../sql';

export interface Negotiated {
	format: Exclude<BodyFormat, 'none'>;
	contentType: string;
	single: boolean;
	/** Set when the plan media type was chosen: the statement is explained, not answered. */
	plan?: { format: 'json' | 'text'; options: PlanOption[] };
}

const charset = '; charset=utf-8';

function builtin(mediaType: MediaType): Negotiated | undefined {
	switch (mediaType.kind) {
		case 'json':
		case 'any':
			return { format: 'json', contentType: `application/json${charset}`, single: false };
		case 'array-stripped':
			return {
				format: 'json-stripped',
				contentType: `${toMime(mediaType, '')}${charset}`,
				single: false
			};
		case 'object':
			return {
				format: mediaType.stripNulls ? 'object-stripped' : 'object',
				contentType: `${toMime(mediaType, '')}${charset}`,
				single: true
			};
		case 'csv':
			return { format: 'csv', contentType: `text/csv${charset}`, single: false };
	}
	return undefined;
}

export interface NegotiateOptions {
	/** db-plan-enabled: without it the plan media type matches nothing. */
	planEnabled: boolean;
}

export function negotiate(
	accept: string | undefined,
	{ planEnabled }: NegotiateOptions
): Negotiated {
	const accepted = parseAccept(accept);
	for (const { mediaType } of accepted) {
		if (mediaType.kind !== 'plan') {
			const chosen = builtin(mediaType);
			if (chosen) return chosen;
			continue;
		}
		const explained = planEnabled ? builtin(mediaType.for) : undefined;
		if (explained)
			return {
				...explained,
				contentType: `${toMime(mediaType, '')}${charset}`,
				plan: { format: mediaType.format, options: mediaType.options }
			};
	}
	throw mediaTypeError(accepted.map((a) => toMime(a.mediaType, a.mime)));
}
