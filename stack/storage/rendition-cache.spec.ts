import { describe, expect, it } from 'vitest';
import type { TransformedImage } from './image-transform';
import { RenditionCache } from './rendition-cache';

const image = (bytes: number): TransformedImage => ({
	bytes: Buffer.alloc(bytes),
	mimetype: 'image/webp'
});

describe('the rendition cache', () => {
	it('renders once for requests that arrive together, and serves the result after', async () => {
		const cache = new RenditionCache();
		let renders = 0;
		const render = async () => {
			renders++;
			return image(10);
		};
		const [a, b] = await Promise.all([cache.get('k', render), cache.get('k', render)]);
		expect(a).toBe(b);
		expect(await cache.get('k', render)).toBe(a);
		expect(renders).toBe(1);
	});

	it('keeps no failure, and drops the oldest entries past its size', async () => {
		const cache = new RenditionCache(25);
		await expect(cache.get('bad', () => Promise.reject(new Error('no')))).rejects.toThrow('no');
		expect((await cache.get('bad', async () => image(1))).bytes.byteLength).toBe(1);

		const first = await cache.get('first', async () => image(10));
		await cache.get('second', async () => image(10));
		await cache.get('third', async () => image(10));
		expect(await cache.get('first', async () => image(3))).not.toBe(first);
	});
});
