// Reads a `multipart/form-data` upload as storage-js sends a Blob or File: a `cacheControl` field,
// an optional `metadata` field, then the file (under any field name). The file is handed on as a
// stream, so its bytes flow to the blob store (and its size limit) without being buffered.
import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { storageErrors } from './errors';

export interface IncomingFile {
	bytes: AsyncIterable<Uint8Array>;
	mimeType: string;
	cacheControl: string;
	userMetadata: Record<string, unknown> | undefined;
}

const maxUserMetadataBytes = 1024 * 1024;

function parseUserMetadata(text: string | undefined): Record<string, unknown> | undefined {
	if (text === undefined) return undefined;
	if (Buffer.byteLength(text) > maxUserMetadataBytes)
		throw storageErrors.entityTooLarge('user_metadata');
	try {
		const value: unknown = JSON.parse(text);
		return value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
	} catch {
		return undefined;
	}
}

/** Resolves at the first file part, with the fields sent before it. */
export function readMultipartFile(req: IncomingMessage): Promise<IncomingFile> {
	return new Promise((resolve, reject) => {
		let parser: busboy.Busboy;
		try {
			parser = busboy({
				headers: req.headers,
				limits: { fields: 10, files: 1, fieldSize: maxUserMetadataBytes + 1 }
			});
		} catch {
			reject(storageErrors.noContent());
			return;
		}
		const fields = new Map<string, string>();
		let settled = false;
		const fail = (error: unknown) => {
			if (settled) return;
			settled = true;
			reject(error);
		};

		parser.on('field', (name, value) => fields.set(name, value));
		parser.on('file', (_name, file, info) => {
			if (settled) {
				file.resume();
				return;
			}
			// A client that goes away mid-file must not leave the reader waiting for bytes.
			req.once('close', () => {
				if (!req.complete) file.destroy(new Error('the upload was aborted'));
			});
			try {
				const cacheTime = fields.get('cacheControl');
				const upload: IncomingFile = {
					bytes: file.iterator({ destroyOnReturn: false }),
					mimeType: fields.get('contentType') || info.mimeType,
					cacheControl: cacheTime ? `max-age=${cacheTime}` : 'no-cache',
					userMetadata: parseUserMetadata(fields.get('metadata') ?? fields.get('userMetadata'))
				};
				settled = true;
				resolve(upload);
			} catch (error) {
				file.resume();
				fail(error);
			}
		});
		parser.on('error', () => fail(storageErrors.noContent()));
		parser.on('close', () => fail(storageErrors.noContent()));
		req.pipe(parser);
	});
}
