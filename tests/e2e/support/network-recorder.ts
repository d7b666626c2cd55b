// Everything a page received: HTTP response bodies and websocket frames, for asserting that some
// text never reached the browser at all (not just that it is not shown).
import type { Page } from '@playwright/test';

export function recordNetwork(page: Page) {
	const bodies: Promise<string>[] = [];
	const frames: string[] = [];
	page.on('response', (response) => {
		bodies.push(
			response.body().then(
				(body) => `${response.url()}\n${body.toString('utf8')}`,
				// Redirects and aborted requests have no body to read.
				() => ''
			)
		);
	});
	page.on('websocket', (socket) => {
		socket.on('framereceived', ({ payload }) =>
			frames.push(typeof payload === 'string' ? payload : payload.toString('utf8'))
		);
	});
	return {
		/** Every response body and websocket frame received so far, as text. */
		async received(): Promise<string[]> {
			return [...(await Promise.all(bodies)), ...frames];
		},
		frameCount: () => frames.length
	};
}
