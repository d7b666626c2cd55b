// What bucket `attachments` accepts (supabase/migrations/*_storage.sql; rules.spec.ts keeps the two
// equal), said before an upload starts. Storage enforces the same limits on the server.
export const attachmentsBucket = 'attachments';

export const maxAttachmentBytes = 25 * 1024 * 1024;

export const allowedAttachmentTypes = [
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
] as const;

/** At most this many files on one message. */
export const maxAttachmentsPerMessage = 10;

const kinds: Record<string, string> = {
	'.md': 'text/markdown',
	'.csv': 'text/csv',
	'.heic': 'image/heic',
	'.json': 'application/json'
};

/** The file's type as the upload will send it; browsers leave some types blank. */
export function attachmentType(file: { name: string; type: string }): string {
	if (file.type) return file.type;
	const extension = /\.[^.]+$/.exec(file.name.toLowerCase())?.[0] ?? '';
	return kinds[extension] ?? 'application/octet-stream';
}

export function formatBytes(bytes: number): string {
	if (bytes < 1024) return `${bytes} B`;
	if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KB`;
	return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Why the bucket would refuse the file, in words a person can act on; undefined if it takes it. */
export function attachmentProblem(file: { name: string; type: string; size: number }) {
	const type = attachmentType(file);
	if (!(allowedAttachmentTypes as readonly string[]).includes(type)) {
		return `${file.name}: files of this type (${type}) cannot be attached. Images, PDFs, text and office documents can.`;
	}
	if (file.size > maxAttachmentBytes) {
		return `${file.name} is ${formatBytes(file.size)}; files can be up to ${formatBytes(maxAttachmentBytes)}.`;
	}
	if (file.size === 0) return `${file.name} is empty.`;
}

/**
 * Where a file of `ticketId` is stored: `<ticket_id>/<uuid>/<file_name>`, the name reduced to
 * characters every storage key accepts (the original name travels in the metadata).
 */
export function attachmentPath(
	ticketId: number,
	fileName: string,
	id: string = crypto.randomUUID()
) {
	const safe =
		fileName
			.normalize('NFKD')
			.replace(/[^\w.-]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(-120) || 'file';
	return `${ticketId}/${id}/${safe}`;
}
