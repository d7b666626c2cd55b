// Resizes and re-encodes an image with sharp the way Storage's imgproxy does for the CLI: cover,
// contain and fill as imgproxy's fill, fit and force, never enlarged, turned upright by its EXIF
// orientation, quality 80 unless asked, WebP for clients that accept it unless `format=origin`.
// Sources over imgproxy's limits (25 MB, 50 megapixels) or not images at all are refused with the
// messages Storage gives.
import type { FormatEnum, Metadata, Sharp } from 'sharp';
import { storageErrors } from './errors';
import { effectiveOptions, type TransformOptions } from './transform-options';

/** The CLI's imgproxy settings: `IMGPROXY_MAX_SRC_FILE_SIZE` and `IMGPROXY_MAX_SRC_RESOLUTION`. */
export const sourceLimits = { bytes: 25_000_000, pixels: 50_000_000 };

const defaultQuality = 80;

type OutputFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff';

// The sources Storage documents (ICO, BMP and HEIC need decoders sharp's libvips does not ship).
const sameFormat: Partial<Record<keyof FormatEnum, OutputFormat>> = {
	jpeg: 'jpeg',
	png: 'png',
	webp: 'webp',
	gif: 'gif',
	tiff: 'tiff',
	heif: 'avif',
	svg: 'png'
};

const mimeTypes: Record<OutputFormat, string> = {
	jpeg: 'image/jpeg',
	png: 'image/png',
	webp: 'image/webp',
	avif: 'image/avif',
	gif: 'image/gif',
	tiff: 'image/tiff'
};

const fits = { cover: 'cover', contain: 'inside', fill: 'fill' } as const;

export interface TransformedImage {
	bytes: Buffer;
	mimetype: string;
}

/** Whether the client takes WebP, which imgproxy then answers with when no format is forced. */
export const acceptsWebp = (accept: string | undefined) => (accept ?? '').includes('image/webp');

const unsupportedSource = () =>
	storageErrors.imageProcessing('The source image is invalid or unsupported for rendering');
const tooManyPixels = () =>
	storageErrors.imageProcessing('The source image resolution is too large to process');
export const sourceTooLarge = () =>
	storageErrors.imageProcessing('The source image file is too large to process');

const overLimit = (error: unknown) => error instanceof Error && /pixel limit/i.test(error.message);

function outputFormat(
	source: keyof FormatEnum,
	options: TransformOptions,
	webp: boolean
): OutputFormat {
	if (options.format === 'webp' || options.format === 'avif') return options.format;
	if (options.format !== 'origin' && webp) return 'webp';
	const format = sameFormat[source];
	if (!format) throw unsupportedSource();
	return format;
}

// sharp (and libvips) load on the first render, so a stack that never transforms starts faster.
let loaded: Promise<typeof import('sharp')> | undefined;
async function open(source: Buffer): Promise<Sharp> {
	loaded ??= import('sharp');
	const { default: sharp } = await loaded;
	return sharp(source, {
		limitInputPixels: sourceLimits.pixels,
		failOn: 'error',
		autoOrient: true
	});
}

export async function transformImage(
	source: Buffer,
	requested: TransformOptions,
	webp: boolean
): Promise<TransformedImage> {
	if (source.byteLength > sourceLimits.bytes) throw sourceTooLarge();
	const options = effectiveOptions(requested);
	const image = await open(source);
	let metadata: Metadata;
	try {
		metadata = await image.metadata();
	} catch (error) {
		throw overLimit(error) ? tooManyPixels() : unsupportedSource();
	}
	if (!sameFormat[metadata.format]) throw unsupportedSource();
	if (metadata.width * metadata.height > sourceLimits.pixels) throw tooManyPixels();

	const format = outputFormat(metadata.format, options, webp);
	if (options.width || options.height)
		image.resize({
			width: options.width,
			height: options.height,
			fit: fits[options.resize ?? 'cover'],
			withoutEnlargement: true
		});
	const quality = options.quality ?? defaultQuality;
	switch (format) {
		case 'jpeg':
			image.jpeg({ quality });
			break;
		case 'webp':
			image.webp({ quality });
			break;
		// imgproxy favours speed for AVIF too; sharp's default effort is several times slower.
		case 'avif':
			image.avif({ quality, effort: 2 });
			break;
		case 'tiff':
			image.tiff({ quality });
			break;
		default:
			image.toFormat(format);
	}
	try {
		return { bytes: await image.toBuffer(), mimetype: mimeTypes[format] };
	} catch (error) {
		throw overLimit(error) ? tooManyPixels() : unsupportedSource();
	}
}
