// What the composer checks before uploading a file: the attachments bucket's size and type limits,
// and that a file's first bytes are what its type claims (a script renamed to .png is refused).

export const uploadLimits = {
	maxBytes: 25 * 1024 * 1024,
	maxFiles: 10,
	/** What the attachments bucket accepts (its allowed_mime_types). */
	types: new Set([
		'image/png',
		'image/jpeg',
		'image/gif',
		'image/webp',
		'image/heic',
		'application/pdf',
		'text/plain',
		'text/csv',
		'text/markdown',
		'application/json',
		'application/zip',
		'application/msword',
		'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
		'application/vnd.ms-excel',
		'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		'application/vnd.ms-powerpoint',
		'application/vnd.openxmlformats-officedocument.presentationml.presentation',
		'application/vnd.oasis.opendocument.text',
		'application/vnd.oasis.opendocument.spreadsheet'
	])
};

const zip = [0x50, 0x4b, 0x03, 0x04];

/** The signatures of the types whose content can be recognised from the first bytes. */
const signatures: Record<string, (bytes: Uint8Array) => boolean> = {
	'image/png': (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
	'image/jpeg': (b) => startsWith(b, [0xff, 0xd8, 0xff]),
	'image/gif': (b) => startsWith(b, [0x47, 0x49, 0x46, 0x38]),
	'image/webp': (b) =>
		startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b.subarray(8), [0x57, 0x45, 0x42, 0x50]),
	'application/pdf': (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46]),
	'application/zip': (b) => startsWith(b, zip),
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': (b) =>
		startsWith(b, zip),
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': (b) => startsWith(b, zip)
};

function startsWith(bytes: Uint8Array, prefix: number[]) {
	return prefix.every((byte, i) => bytes[i] === byte);
}

const megabytes = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Why a file cannot be attached, or null. `head` is the file's first 16 bytes. */
export function uploadProblem(
	file: { name: string; type: string; size: number },
	head: Uint8Array
): string | null {
	if (file.size === 0) return `${file.name} is empty.`;
	if (file.size > uploadLimits.maxBytes) {
		return `${file.name} is ${megabytes(file.size)}; files can be up to 25 MB.`;
	}
	if (!uploadLimits.types.has(file.type)) {
		return `${file.name} is not a type we accept: attach images, PDFs, text, office documents or zip files.`;
	}
	const matches = signatures[file.type];
	if (matches && !matches(head)) {
		return `${file.name} does not contain what its name says (${file.type}); it was not attached.`;
	}
	return null;
}

/** A name safe for a storage path: no slashes or control characters, at most 100 characters. */
export function storageName(name: string): string {
	const cleaned = name
		.normalize('NFKC')
		.replace(/[\\/\p{Cc}]+/gu, '-')
		.replace(/[^\p{L}\p{N}._ -]+/gu, '')
		.trim()
		.replace(/\s+/g, '-');
	const dot = cleaned.lastIndexOf('.');
	const extension = dot >= 0 ? cleaned.slice(dot).slice(0, 12) : '';
	const stem = (dot >= 0 ? cleaned.slice(0, dot) : cleaned).slice(0, 100 - extension.length);
	return stem ? `${stem}${extension}` : `file${extension}`;
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
	return megabytes(bytes);
}
