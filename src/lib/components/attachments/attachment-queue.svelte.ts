// The files chosen for one message, with what happens to each: refused before upload (type, size),
// waiting, uploading (with progress), uploaded, or failed. A page owns one queue per composer and
// uploads it once it knows the ticket (and message) the files belong to.
import {
	attachmentProblem,
	maxAttachmentsPerMessage,
	uploadAttachment,
	type UploadTarget
} from '$lib/attachments';

export type AttachmentState = 'ready' | 'refused' | 'uploading' | 'uploaded' | 'failed';

export interface QueuedAttachment {
	id: string;
	file: File;
	state: AttachmentState;
	/** Uploaded share, 0 to 1. */
	progress: number;
	/** Why it was refused or failed. */
	problem?: string;
}

export class AttachmentQueue {
	items = $state<QueuedAttachment[]>([]);

	/** Files that would be uploaded. */
	readonly ready = $derived(this.items.filter((item) => item.state !== 'refused'));
	readonly busy = $derived(this.items.some((item) => item.state === 'uploading'));
	readonly failed = $derived(this.items.filter((item) => item.state === 'failed'));

	add(files: Iterable<File>) {
		for (const file of files) {
			const full = this.ready.length >= maxAttachmentsPerMessage;
			const problem = full
				? `${file.name}: at most ${maxAttachmentsPerMessage} files per message.`
				: attachmentProblem(file);
			this.items.push({
				id: crypto.randomUUID(),
				file,
				state: problem ? 'refused' : 'ready',
				progress: 0,
				problem
			});
		}
	}

	remove(id: string) {
		this.items = this.items.filter((item) => item.id !== id);
	}

	clear() {
		this.items = [];
	}

	/**
	 * Uploads every waiting (or failed) file onto `ticketId`, a few at a time; resolves when all are
	 * done with the files that failed (each keeps its reason).
	 */
	async upload(
		target: UploadTarget,
		ticketId: number,
		metadata?: Record<string, string | number | boolean>
	): Promise<QueuedAttachment[]> {
		const pending = this.items.filter((item) => item.state === 'ready' || item.state === 'failed');
		const next = () => pending.shift();
		const worker = async () => {
			for (let item = next(); item; item = next()) {
				const live = this.#live(item.id);
				if (!live) continue;
				live.state = 'uploading';
				live.progress = 0;
				live.problem = undefined;
				try {
					await uploadAttachment(target, {
						ticketId,
						file: live.file,
						metadata,
						onProgress: (fraction) => (live.progress = fraction)
					});
					live.state = 'uploaded';
				} catch (error) {
					live.state = 'failed';
					live.problem = (error as Error).message;
				}
			}
		};
		await Promise.all([worker(), worker(), worker()]);
		return this.failed;
	}

	/** The reactive item (the proxied one), so progress updates reach the page. */
	#live(id: string) {
		return this.items.find((item) => item.id === id);
	}
}
