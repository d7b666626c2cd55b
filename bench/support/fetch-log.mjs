// Preloaded into the app's server (node --import) by benches that count the requests a page render
// sends the stack: every fetch appends a JSON line { start, end, method, path, body } (ms from
// performance.now(); the body when it is a string, as supabase-js sends an RPC's arguments) to the
// file named by FETCH_LOG.
import { appendFileSync } from 'node:fs';

const file = process.env.FETCH_LOG;
const original = globalThis.fetch;
if (file) {
	globalThis.fetch = async (input, init) => {
		const start = performance.now();
		const request = new Request(input, init);
		const body = typeof init?.body === 'string' ? init.body : null;
		try {
			return await original(input, init);
		} finally {
			const path = new URL(request.url).pathname;
			const line = { start, end: performance.now(), method: request.method, path, body };
			appendFileSync(file, `${JSON.stringify(line)}\n`);
		}
	};
}
