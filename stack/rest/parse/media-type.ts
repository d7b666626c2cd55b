// Accept and Content-Type headers, reduced to the media types PostgREST distinguishes.

export const planOptions = ['analyze', 'verbose', 'settings', 'buffers', 'wal'] as const;
export type PlanOption = (typeof planOptions)[number];

export type MediaType =
	| { kind: 'json' }
	/** `application/vnd.pgrst.plan+json; for="…"; options=analyze|verbose`: the EXPLAIN of a request. */
	| { kind: 'plan'; format: 'json' | 'text'; for: MediaType; options: PlanOption[] }
	| { kind: 'object'; stripNulls: boolean }
	| { kind: 'array-stripped' }
	| { kind: 'csv' }
	| { kind: 'any' }
	| { kind: 'urlencoded' }
	| { kind: 'other'; mime: string };

function decode(text: string): MediaType {
	const [essence, ...params] = text.split(';').map((p) => p.trim());
	const [type = '', subtype = ''] = essence.toLowerCase().split('/');
	const param = (name: string) =>
		params
			.map((p) => p.split('=').map((s) => s.trim()))
			.find(([k]) => k.toLowerCase() === name)?.[1]
			?.replace(/^"|"$/g, '');
	const stripNulls = param('nulls') === 'stripped';
	const plan = /^vnd\.pgrst\.plan(\+json|\+text)?$/.exec(subtype);
	if (type === 'application' && plan) {
		// PostgREST ignores options it does not know, and keeps its own order.
		const given = (param('options') ?? '').split('|');
		return {
			kind: 'plan',
			format: plan[1] === '+json' ? 'json' : 'text',
			for: decode(param('for') ?? 'application/json'),
			options: planOptions.filter((option) => given.includes(option))
		};
	}
	if (type === 'application' && subtype === 'json') return { kind: 'json' };
	if (type === 'text' && subtype === 'csv') return { kind: 'csv' };
	if (type === '*' && subtype === '*') return { kind: 'any' };
	if (type === 'application' && subtype === 'x-www-form-urlencoded') return { kind: 'urlencoded' };
	if (
		type === 'application' &&
		(subtype === 'vnd.pgrst.object+json' || subtype === 'vnd.pgrst.object')
	)
		return { kind: 'object', stripNulls };
	if (
		type === 'application' &&
		(subtype === 'vnd.pgrst.array+json' || subtype === 'vnd.pgrst.array')
	)
		return stripNulls ? { kind: 'array-stripped' } : { kind: 'json' };
	return { kind: 'other', mime: essence };
}

/** The media type as PostgREST names it back (in Content-Type and in PGRST107). */
export function toMime(mediaType: MediaType, given: string): string {
	switch (mediaType.kind) {
		case 'json':
			return 'application/json';
		case 'csv':
			return 'text/csv';
		case 'any':
			return '*/*';
		case 'urlencoded':
			return 'application/x-www-form-urlencoded';
		case 'object':
			return `application/vnd.pgrst.object+json${mediaType.stripNulls ? ';nulls=stripped' : ''}`;
		case 'array-stripped':
			return 'application/vnd.pgrst.array+json;nulls=stripped';
		case 'plan': {
			const options = mediaType.options.length ? `; options=${mediaType.options.join('|')}` : '';
			const target = toMime(mediaType.for, '');
			return `application/vnd.pgrst.plan+${mediaType.format}; for="${target}"${options}`;
		}
		case 'other':
			return given || mediaType.mime;
	}
}

/** The media types of an Accept header, most preferred first (by q, then as listed). */
export function parseAccept(header: string | undefined): { mediaType: MediaType; mime: string }[] {
	if (header === undefined || header.trim() === '')
		return [{ mediaType: { kind: 'any' }, mime: '*/*' }];
	return header
		.split(',')
		.map((part, index) => {
			const q = /;\s*q=([0-9.]+)/i.exec(part);
			const mime = part.replace(/;\s*q=[0-9.]+/i, '').trim();
			return { mime, mediaType: decode(mime), q: q ? Number(q[1]) : 1, index };
		})
		.filter((m) => m.mime !== '' && m.q > 0)
		.sort((a, b) => b.q - a.q || a.index - b.index)
		.map(({ mime, mediaType }) => ({ mime, mediaType }));
}

export const parseContentType = (header: string | undefined): MediaType =>
	header === undefined ? { kind: 'json' } : decode(header);
