// Transformed images kept by the object version and options they came from. A stored version never
// changes, so an entry stays right until it ages out; requests for the same rendition at the same
// time share one render. Only the work is cached: every request still passes its own access check.
import { LRUCache } from 'lru-cache';
import type { TransformedImage } from './image-transform';

const defaultMaxBytes = 64 * 1024 * 1024;

export class RenditionCache {
	#done: LRUCache<string, TransformedImage>;
	#pending = new Map<string, Promise<TransformedImage>>();

	constructor(maxBytes = defaultMaxBytes) {
		this.#done = new LRUCache({
			maxSize: maxBytes,
			sizeCalculation: (image) => Math.max(image.bytes.byteLength, 1)
		});
	}

	async get(key: string, render: () => Promise<TransformedImage>): Promise<TransformedImage> {
		const done = this.#done.get(key);
		if (done) return done;
		let pending = this.#pending.get(key);
		if (!pending) {
			pending = render()
				.then((image) => {
					this.#done.set(key, image);
					return image;
				})
				.finally(() => this.#pending.delete(key));
			this.#pending.set(key, pending);
		}
		return pending;
	}
}
