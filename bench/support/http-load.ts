// The load generator of the REST benchmarks: a child process (so the server's process only serves,
// and neither shares a heap or an event loop with the other) holding one keep-alive HTTP/1.1
// connection per client on a plain socket, each sending its next GET as the last response ends. The
// requests are written once, up front, and a response is read by its Content-Length only: a client
// costs ~0.03 ms of CPU per request where `fetch` (undici) cost 0.6–1.3 ms on this machine and
// `http.get` with a keep-alive agent 0.06–0.11 ms (2026-12-05, load 7–10), so on two cores the
// client no longer sets the ceiling of what it measures. A response without a Content-Length, or
// one ending its connection, fails the run rather than be misread.
import { fork } from 'node:child_process';

const child = `
const net = require('node:net');
function connect(urls, headers) {
	const first = new URL(urls[0]);
	const socket = net.connect(Number(first.port), first.hostname);
	socket.setNoDelay(true);
	const lines = Object.entries(headers).map(([k, v]) => k + ': ' + v + '\\r\\n').join('');
	const requests = urls.map((url) => {
		const u = new URL(url);
		return Buffer.from('GET ' + u.pathname + u.search + ' HTTP/1.1\\r\\nHost: ' + u.host + '\\r\\n' + lines + '\\r\\n', 'latin1');
	});
	let buffered = null;
	let length = -1;
	let status = 0;
	let pending = null;
	const fail = (error) => { if (pending) pending.reject(error); pending = null; };
	socket.on('error', fail);
	socket.on('close', () => fail(new Error('the server closed a keep-alive connection')));
	socket.on('data', (chunk) => {
		buffered = buffered ? Buffer.concat([buffered, chunk]) : chunk;
		if (length < 0) {
			const end = buffered.indexOf('\\r\\n\\r\\n');
			if (end < 0) return;
			const head = buffered.toString('latin1', 0, end);
			const match = /\\r\\ncontent-length: *([0-9]+)/i.exec(head);
			if (!match) return fail(new Error('a response without Content-Length: ' + head));
			status = Number(head.slice(9, 12));
			length = end + 4 + Number(match[1]);
		}
		if (buffered.length < length) return;
		buffered = null;
		length = -1;
		const done = pending;
		pending = null;
		done.resolve(status);
	});
	return {
		send: (i) => new Promise((resolve, reject) => {
			pending = { resolve, reject };
			socket.write(requests[i % requests.length]);
		}),
		close: () => socket.destroy()
	};
}
// Each client loops until its deadline (timed runs) or until count requests are sent in all.
async function run({ urls, headers, concurrency, warmupMs, measureMs, count }) {
	const clients = Array.from({ length: concurrency }, () => connect(urls, headers));
	let failures = 0;
	let next = 0;
	const loop = async (client, offset, more, latencies) => {
		let i = offset;
		while (more()) {
			const start = performance.now();
			const status = await client.send(count === undefined ? i++ : next++);
			if (latencies) latencies.push(performance.now() - start);
			if (status !== 200) failures++;
		}
	};
	try {
		if (count === undefined) {
			const warm = performance.now() + warmupMs;
			await Promise.all(clients.map((c, k) => loop(c, k * 7919, () => performance.now() < warm)));
		}
		failures = 0;
		const latencies = [];
		const cpu = process.cpuUsage();
		const start = performance.now();
		const until = start + (measureMs ?? 0);
		const more = count === undefined ? () => performance.now() < until : () => next < count;
		await Promise.all(clients.map((c, k) => loop(c, k * 104729, more, latencies)));
		const elapsedMs = performance.now() - start;
		const used = process.cpuUsage(cpu);
		return { latencies, elapsedMs, failures, clientCpuMs: (used.user + used.system) / 1000 };
	} finally {
		for (const c of clients) c.close();
	}
}
process.on('message', (job) =>
	run(job).then((result) => process.send({ result }), (error) => process.send({ error: String(error) }))
);
`;

export interface LoadResult {
	/** Each measured request's round trip, in ms. */
	latencies: number[];
	elapsedMs: number;
	/** Responses other than 200. */
	failures: number;
	/** The load generator's own CPU time over the measured part, in ms. */
	clientCpuMs: number;
}

export interface LoadJob {
	urls: string[];
	headers: Record<string, string>;
	concurrency: number;
	/** A timed run: warm up for warmupMs, then measure for measureMs. */
	warmupMs?: number;
	measureMs?: number;
	/** A counted run instead: exactly this many requests, all measured. */
	count?: number;
}

export interface HttpLoad {
	run(job: LoadJob): Promise<LoadResult>;
	stop(): void;
}

export function startHttpLoad(): HttpLoad {
	const process = fork('-e', [child], { execArgv: [], stdio: 'inherit' });
	return {
		run: (job) =>
			new Promise((resolve, reject) => {
				process.once('message', (message: { result?: LoadResult; error?: string }) =>
					message.result ? resolve(message.result) : reject(new Error(message.error))
				);
				process.send(job);
			}),
		stop: () => void process.kill()
	};
}
