// Uploads one draft file into bucket `attachments` with progress events (supabase-js has none), on
// Storage's own upload endpoint: the same request storage-js makes, through XMLHttpRequest.

export interface UploadTarget {
	/** The project's URL and publishable key. */
	url: string;
	key: string;
	/** The signed-in person's access token. */
	token: string;
}

const base64 = (text: string) => {
	let binary = '';
	for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
	return btoa(binary);
};

/** Uploads `file` to `path`, calling `onProgress` with 0…1; resolves when stored, rejects with a message. */
export function uploadDraftFile(
	target: UploadTarget,
	path: string,
	file: File,
	onProgress: (fraction: number) => void
): { done: Promise<void>; abort: () => void } {
	const request = new XMLHttpRequest();
	const done = new Promise<void>((resolve, reject) => {
		const encoded = path.split('/').map(encodeURIComponent).join('/');
		request.open('POST', `${target.url}/storage/v1/object/attachments/${encoded}`);
		request.setRequestHeader('authorization', `Bearer ${target.token}`);
		request.setRequestHeader('apikey', target.key);
		request.setRequestHeader('content-type', file.type);
		request.setRequestHeader('cache-control', 'max-age=3600');
		request.setRequestHeader('x-upsert', 'false');
		request.setRequestHeader(
			'x-metadata',
			base64(JSON.stringify({ draft: true, file_name: file.name }))
		);
		request.upload.onprogress = (event) => {
			if (event.lengthComputable) onProgress(event.loaded / event.total);
		};
		request.onload = () => {
			if (request.status >= 200 && request.status < 300) {
				onProgress(1);
				resolve();
				return;
			}
			let message = `${file.name} could not be uploaded.`;
			try {
				const body = JSON.parse(request.responseText) as { message?: string };
				if (body.message) message = `${file.name}: ${body.message}`;
			} catch {
				// Not JSON: the generic message stands.
			}
			reject(new Error(message));
		};
		request.onerror = () =>
			reject(new Error(`${file.name} could not be uploaded: the connection failed.`));
		request.onabort = () => reject(new Error(`${file.name} was removed.`));
		request.send(file);
	});
	return { done, abort: () => request.abort() };
}
