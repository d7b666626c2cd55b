// Image transformation options as Storage reads them: from a render URL's query string (validated
// with Storage's messages) or from a signed URL's token, where they travel as a
// `height:100,width:100,resize:contain` string. Requested sizes are clamped, never refused, as
// Storage clamps them before asking imgproxy.
import { storageErrors } from './errors';

export const resizeModes = ['cover', 'contain', 'fill'] as const;
export const imageFormats = ['origin', 'avif', 'webp'] as const;

export interface TransformOptions {
	width?: number;
	height?: number;
	resize?: (typeof resizeModes)[number];
	format?: (typeof imageFormats)[number];
	quality?: number;
}

/** Storage's default range for `width` and `height` (as under `supabase start`; hosted documents 2500). */
export const dimensionLimits = { min: 1, max: 2000 };

const clamp = (value: number) =>
	Math.min(Math.max(value, dimensionLimits.min), dimensionLimits.max);

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
	typeof value === 'string' && (list as readonly string[]).includes(value);

type Source = 'querystring' | 'body/transform';

/** Ajv's coercion of a query value to an integer, with its wording when that fails. */
function integer(where: string, value: unknown, min: number, max?: number): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isInteger(number))
		throw storageErrors.invalidRequest(`${where} must be integer`);
	if (number < min) throw storageErrors.invalidRequest(`${where} must be >= ${min}`);
	if (max !== undefined && number > max)
		throw storageErrors.invalidRequest(`${where} must be <= ${max}`);
	return number;
}

function oneOf<T extends string>(where: string, list: readonly T[], value: unknown): T {
	if (!isOneOf(list, value))
		throw storageErrors.invalidRequest(`${where} must be equal to one of the allowed values`);
	return value;
}

// Storage also takes gravity and offsets; storage-js never sends them and the stack does not crop
// by them, so it says so rather than ignore them.
const unsupportedKeys = ['gravity', 'x_offset', 'y_offset'];

/** Options from a query string or a `transform` body object; absent values stay absent. */
export function parseTransformOptions(
	read: (name: string) => unknown,
	source: Source = 'querystring'
): TransformOptions {
	const options: TransformOptions = {};
	const at = (name: string) => `${source}/${name}`;
	const width = read('width');
	const height = read('height');
	const resize = read('resize');
	const format = read('format');
	const quality = read('quality');
	if (width !== undefined && width !== null) options.width = integer(at('width'), width, 0);
	if (height !== undefined && height !== null) options.height = integer(at('height'), height, 0);
	if (resize !== undefined && resize !== null)
		options.resize = oneOf(at('resize'), resizeModes, resize);
	if (format !== undefined && format !== null)
		options.format = oneOf(at('format'), imageFormats, format);
	if (quality !== undefined && quality !== null)
		options.quality = integer(at('quality'), quality, 20, 100);
	for (const key of unsupportedKeys)
		if (read(key) !== undefined && read(key) !== null)
			throw storageErrors.notSupported(`image transformation ${key}`);
	return options;
}

export const transformOptionsFromQuery = (query: URLSearchParams) =>
	parseTransformOptions((name) => query.get(name) ?? undefined);

/** The options an image is rendered with: sizes clamped, zero meaning "keep the aspect ratio". */
export function effectiveOptions(options: TransformOptions): TransformOptions {
	return {
		...options,
		width: options.width ? clamp(options.width) : undefined,
		height: options.height ? clamp(options.height) : undefined
	};
}

/** The options as the `transformations` claim of a signed URL token carries them. */
export function transformationsClaim(options: TransformOptions): string {
	const { width, height, resize, quality, format } = effectiveOptions(options);
	const parts: string[] = [];
	if (height) parts.push(`height:${height}`);
	if (width) parts.push(`width:${width}`);
	if ((width || height) && resize) parts.push(`resize:${resize}`);
	if (quality) parts.push(`quality:${quality}`);
	if (format && format !== 'origin') parts.push(`format:${format}`);
	return parts.join(',');
}

/** Reads a token's `transformations` claim (and its `format` claim); unknown parts are ignored. */
export function optionsFromClaims(transformations: string, format: unknown): TransformOptions {
	const options: TransformOptions = {};
	for (const part of transformations.split(',')) {
		const [name, value] = part.split(':');
		if (!value) continue;
		const number = Number.parseInt(value, 10);
		if (name === 'width' && number > 0) options.width = number;
		else if (name === 'height' && number > 0) options.height = number;
		else if (name === 'quality' && number > 0) options.quality = number;
		else if (name === 'resize' && isOneOf(resizeModes, value)) options.resize = value;
		else if (name === 'format' && isOneOf(imageFormats, value)) options.format = value;
	}
	if (isOneOf(imageFormats, format)) options.format = format;
	return options;
}

/** The `X-Transformations` header Storage answers with: the operations in imgproxy's words. */
export function describeTransformations(options: TransformOptions): string {
	const { width, height, resize, quality, format } = effectiveOptions(options);
	const resizingType = { cover: 'fill', contain: 'fit', fill: 'force' }[resize ?? 'cover'];
	const parts: string[] = [];
	if (height) parts.push(`height:${height}`);
	if (width) parts.push(`width:${width}`);
	if (width || height) parts.push(`resizing_type:${resizingType}`);
	if (quality) parts.push(`quality:${quality}`);
	if (format && format !== 'origin') parts.push(`format:${format}`);
	return parts.join(',');
}
