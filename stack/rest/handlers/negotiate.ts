// Which representation the client accepts (PostgREST's negotiateContent over its built-in handlers):
// JSON, a single JSON object, CSV, JSON with nulls stripped; anything else is 406 PGRST107.
import { mediaTypeError } from '../errors';
import { parseAccept } from '../parse';
import type { BodyFormat } from '../sql';

export interface Negotiated {
	format: Exclude<BodyFormat, 'none'>;
	contentType: string;
	single: boolean;
}

export function negotiate(accept: string | undefined): Negotiated {
	const accepted = parseAccept(accept);
	for (const { mediaType } of accepted) {
		switch (mediaType.kind) {
			case 'json':
			case 'any':
				return { format: 'json', contentType: 'application/json; charset=utf-8', single: false };
			case 'array-stripped':
				return {
					format: 'json-stripped',
					contentType: 'application/vnd.pgrst.array+json;nulls=stripped; charset=utf-8',
					single: false
				};
			case 'object':
				return mediaType.stripNulls
					? {
							format: 'object-stripped',
							contentType: 'application/vnd.pgrst.object+json;nulls=stripped; charset=utf-8',
							single: true
						}
					: {
							format: 'object',
							contentType: 'application/vnd.pgrst.object+json; charset=utf-8',
							single: true
						};
			case 'csv':
				return { format: 'csv', contentType: 'text/csv; charset=utf-8', single: false };
		}
	}
	throw mediaTypeError(accepted.map((a) => a.mime));
}
