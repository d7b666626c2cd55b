// A seeded, reproducible fuzz pass over every service of the local stack, on the project's own
// schema: at least 1,000 generated requests each to Auth, REST, Storage and Realtime, none of which
// may answer a 5xx or carry SQL text, a stack trace or a path of this machine. FUZZ_SEED replays a
// run; FUZZ_REQUESTS changes how many requests each service gets.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createJwtCodec } from '../../stack/keys';
import { demo, demoPassword, projectRoot } from '../db/support/demo';
import { startTestStack, type TestStack } from '../support/stack';
import {
	authRequest,
	restRequest,
	storageRequest,
	type Credentials,
	type FuzzRequest
} from './support/fuzz/http-cases';
import { leaksIn } from './support/fuzz/leaks';
import { Random } from './support/fuzz/random';
import { realtimeStep, type RealtimeStep } from './support/fuzz/realtime-cases';
import { send } from './support/fuzz/send';
import { report } from './support/report';

const seed = Number(process.env.FUZZ_SEED ?? 20261203);
const perService = Number(process.env.FUZZ_REQUESTS ?? 1000);
/** Requests in flight at once: enough to interleave them, few enough for a shared 2-core machine. */
const concurrency = 4;

interface Finding {
	what: string;
	status: number;
	excerpt: string;
}

class Tally {
	attempts = 0;
	serverErrors = 0;
	leaks = 0;
	findings: Finding[] = [];
	/** Answers by status class, to see that the requests reach past the front door. */
	classes: Record<string, number> = {};

	record(what: string, status: number, text: string): void {
		this.attempts += 1;
		const statusClass = `${Math.floor(status / 100)}xx`;
		this.classes[statusClass] = (this.classes[statusClass] ?? 0) + 1;
		const kinds = leaksIn(text);
		if (status >= 500) this.serverErrors += 1;
		if (kinds.length) this.leaks += 1;
		if ((status >= 500 || kinds.length) && this.findings.length < 10)
			this.findings.push({
				what: kinds.length ? `${what} [${kinds.join(', ')}]` : what,
				status,
				excerpt: text.slice(0, 300)
			});
	}
}

let stack: TestStack;
let credentials: Credentials;

beforeAll(async () => {
	stack = await startTestStack({ workdir: projectRoot });
	const users = [];
	for (const who of [demo.client, demo.agent, demo.admin]) {
		const client = stack.client();
		const { data, error } = await client.auth.signInWithPassword({
			email: who.email,
			password: demoPassword
		});
		if (error) throw error;
		users.push(data.session!.access_token);
	}
	const now = Math.floor(Date.now() / 1000);
	const claims = { sub: demo.client.id, role: 'authenticated', aud: 'authenticated' };
	credentials = {
		anon: stack.keys.anon,
		serviceRole: stack.keys.serviceRole,
		users,
		expired: await createJwtCodec(stack.keys.jwtSecret).sign({ ...claims, exp: now - 60 }),
		forged: await createJwtCodec(`${randomUUID()}${randomUUID()}`).sign({
			...claims,
			exp: now + 600
		})
	};
});
afterAll(() => stack?.stop());

/** Runs `requests` against the stack, `concurrency` at a time. */
async function fire(requests: FuzzRequest[], tally: Tally): Promise<void> {
	let next = 0;
	const lane = async () => {
		while (next < requests.length) {
			const request = requests[next++];
			const what = `${request.method} ${request.path.slice(0, 160)}`;
			try {
				const response = await send(stack.port, request);
				tally.record(what, response.status, response.body);
			} catch (error) {
				// The stack hung up or never answered: as bad as a 5xx.
				tally.record(`${what} (${(error as Error).message})`, 599, '');
			}
		}
	};
	await Promise.all(Array.from({ length: concurrency }, lane));
}

function summarise(service: string, tally: Tally): void {
	report(`fuzz ${service} (seed ${seed})`, {
		attempts: tally.attempts,
		'5xx': tally.serverErrors,
		leaks: tally.leaks,
		answers: Object.entries(tally.classes)
			.sort()
			.map(([statusClass, count]) => `${statusClass}:${count}`)
			.join(',')
	});
	for (const finding of tally.findings)
		console.log(`  ${finding.status} ${finding.what}\n    ${finding.excerpt}`);
}

async function stillHealthy(): Promise<void> {
	const health = await fetch(`${stack.url}/auth/v1/health`, {
		headers: { apikey: stack.keys.anon }
	});
	expect(health.status).toBe(200);
	const rest = await stack.client(stack.keys.serviceRole).from('teams').select('id').limit(1);
	expect(rest.error).toBeNull();
}

describe.each([
	['auth', authRequest, 1],
	['rest', restRequest, 2],
	['storage', storageRequest, 3]
] as const)('fuzzing %s', (service, generate, salt) => {
	it(`answers ${perService} generated requests without a 5xx or a leak`, async () => {
		const random = new Random(seed * 31 + salt);
		const requests = Array.from({ length: perService }, () => generate(random, credentials));
		const tally = new Tally();
		await fire(requests, tally);
		summarise(service, tally);
		expect(tally.attempts).toBeGreaterThanOrEqual(perService);
		expect(tally.findings).toEqual([]);
		await stillHealthy();
	});
});

/** A socket to the stack that records every frame and close, reopened when the server ends it. */
class FuzzSocket {
	ws!: WebSocket;
	received: string[] = [];
	closeCodes: number[] = [];
	#flushes = new Map<string, () => void>();

	constructor(readonly vsn: '1.0.0' | '2.0.0') {}

	async open(): Promise<void> {
		const url = `${stack.url.replace(/^http/, 'ws')}/realtime/v1/websocket?apikey=${credentials.anon}&vsn=${this.vsn}`;
		this.ws = new WebSocket(url);
		this.ws.on('message', (data: Buffer, isBinary: boolean) => {
			const text = data.toString('utf8');
			this.received.push(text);
			if (!isBinary) for (const [ref, done] of this.#flushes) if (text.includes(`"${ref}"`)) done();
		});
		this.ws.on('close', (code) => this.closeCodes.push(code));
		await new Promise<void>((resolve, reject) => {
			this.ws.once('open', () => resolve());
			this.ws.once('error', reject);
		});
	}

	async send(frame: string | Uint8Array): Promise<void> {
		if (this.ws.readyState !== WebSocket.OPEN) await this.open();
		this.ws.send(frame);
	}

	/** Resolves once the server answered a heartbeat sent after everything else (or hung up). */
	async flush(): Promise<void> {
		if (this.ws.readyState !== WebSocket.OPEN) return;
		const ref = `flush-${randomUUID()}`;
		const answered = new Promise<void>((resolve) => {
			this.#flushes.set(ref, resolve);
			this.ws.once('close', () => resolve());
		});
		const heartbeat = [null, ref, 'phoenix', 'heartbeat', {}];
		this.ws.send(
			JSON.stringify(
				this.vsn === '2.0.0'
					? heartbeat
					: { join_ref: null, ref, topic: 'phoenix', event: 'heartbeat', payload: {} }
			)
		);
		await answered;
		this.#flushes.delete(ref);
	}
}

describe('fuzzing realtime', () => {
	it(`answers ${perService} generated frames and broadcast calls without a server error or a leak`, async () => {
		const random = new Random(seed * 31 + 4);
		const steps: RealtimeStep[] = Array.from({ length: perService }, () =>
			realtimeStep(random, credentials)
		);
		const sockets = { '1.0.0': new FuzzSocket('1.0.0'), '2.0.0': new FuzzSocket('2.0.0') };
		await Promise.all(Object.values(sockets).map((socket) => socket.open()));
		const tally = new Tally();
		const http: FuzzRequest[] = [];
		let sent = 0;
		for (const step of steps) {
			if (step.kind === 'http') {
				http.push(step.request);
				continue;
			}
			await sockets[step.vsn].send(step.frame);
			sent += 1;
			// Paced by the server: every 20 frames, wait until it has answered what came before.
			if (sent % 20 === 0) await Promise.all(Object.values(sockets).map((s) => s.flush()));
		}
		await Promise.all(Object.values(sockets).map((s) => s.flush()));
		await fire(http, tally);

		const closes = Object.values(sockets).flatMap((s) => s.closeCodes);
		for (const socket of Object.values(sockets)) {
			for (const frame of socket.received) {
				const failed = /"status":"error"[^]*internal|Internal Server Error/i.test(frame);
				tally.record(`frame on vsn ${socket.vsn}`, failed ? 500 : 200, frame);
			}
			socket.ws.close();
		}
		// A close for an internal error (1011) is the socket's 5xx.
		for (const code of closes) if (code === 1011) tally.record('socket closed with 1011', 500, '');
		tally.attempts = sent + http.length;
		summarise('realtime', tally);
		report('fuzz realtime sockets', {
			framesSent: sent,
			framesReceived: Object.values(sockets).reduce((n, s) => n + s.received.length, 0),
			serverClosedSocket: closes.length,
			broadcastCalls: http.length
		});
		expect(tally.attempts).toBeGreaterThanOrEqual(perService);
		expect(tally.findings).toEqual([]);
		await stillHealthy();
	});
});
