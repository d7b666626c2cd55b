// Uploads one file into bucket `attachments` through Supabase Storage's standard upload endpoint,
// as supabase-js's `upload()` sends it (same headers, `x-metadata` as base64 JSON), but over
// XMLHttpRequest: fetch cannot report upload progress, and a progress bar is what people wait on.
import { attachmentPath, attachmentType, attachmentsBucket } from './rules';

export interface UploadTarget {
	/** The Supabase project's URL and public key. */
	url: string;
	key: string;
	/** The signed-in person's access token: Storage's policies run as them. */
	accessToken: string;
}

export interface AttachmentUpload {
	ticketId: number;
	file: File;
	/** Stored with the object: the message it belongs to (`activity_id`), or `draft: true`. */
	metadata?: Record<string, string | number | boolean>;
	onProgress?: (fraction: number) => void;
	signal?: AbortSignal;
}

export class UploadError extends Error {
	name = 'UploadError';
}

const base64Json = (value: unknown) =>
	btoa(String.fromCharCode(...new TextEncoder().encode(JSON.stringify(value))));

/** Reads Storage's error body (`{ statusCode, error, message }`) as a sentence for people. */
function refusal(status: number, body: string, fileName: string): string {
	let message = '';
	try {
		message = String(JSON.parse(body).message ?? '');
	} catch {
		// Not JSON: a proxy's page; the status says enough.
	}
	if (status === 413 || /size/i.test(message)) return `${fileName} is larger than files may be.`;
	if (status === 415 || /mime|type/i.test(message))
		return `${fileName} is of a type that cannot be attached.`;
	if (status === 403 || status === 401) return `You may not attach files to this ticket.`;
	return `${fileName} could not be uploaded${message ? `: ${message}` : ''}. Try again.`;
}

/** Uploads the file; resolves with its object path, or rejects with an UploadError. */
export function uploadAttachment(target: UploadTarget, upload: AttachmentUpload): Promise<string> {
	const { ticketId, file, metadata, onProgress, signal } = upload;
	const path = attachmentPath(ticketId, file.name);
	const encoded = path.split('/').map(encodeURIComponent).join('/');
	return new Promise((resolve, reject) => {
		const request = new XMLHttpRequest();
		request.open('POST', `${target.url}/storage/v1/object/${attachmentsBucket}/${encoded}`);
		request.setRequestHeader('apikey', target.key);
		request.setRequestHeader('authorization', `Bearer ${target.accessToken}`);
		request.setRequestHeader('content-type', attachmentType(file));
		request.setRequestHeader('cache-control', 'max-age=3600');
		request.setRequestHeader('x-upsert', 'false');
		request.setRequestHeader('x-metadata', base64Json({ file_name: file.name, ...metadata }));
		request.upload.onprogress = (event) => {
			if (event.lengthComputable) onProgress?.(event.loaded / event.total);
		};
		request.onload = () => {
			if (request.status >= 200 && request.status < 300) {
				onProgress?.(1);
				resolve(path);
			} else reject(new UploadError(refusal(request.status, request.responseText, file.name)));
		};
		request.onerror = () =>
			reject(new UploadError(`${file.name} could not be uploaded: the connection failed.`));
		request.onabort = () => reject(new UploadError(`${file.name}: upload cancelled.`));
		signal?.addEventListener('abort', () => request.abort(), { once: true });
		request.send(file);
	});
}
