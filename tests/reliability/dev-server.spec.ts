// `npm run dev` as a developer meets it, under vite dev: the stack and the app start side by side,
// the security headers and the cross-site form check hold in dev as in the build, and a stack killed
// outright is started again while the app keeps answering.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postSignInForm } from '../../scripts/sign-in-form.js';
import { freePort } from '../../scripts/free-port.js';
import { report } from './support/report';
import { projectRoot } from './support/stack-process';

interface DevState {
	stackPid: number;
	stackUrl: string;
	generation: number;
}

const stateFile = join(tmpdir(), `autocrm-dev-test-${process.pid}.json`);
const state = () => JSON.parse(readFileSync(stateFile, 'utf8')) as DevState;

let appUrl: string;
let dev: ReturnType<typeof spawn>;
const output: string[] = [];
const listeners = new Set<() => void>();

/** Resolves with the first line `dev.js` printed (on stdout or stderr) that matches. */
function printed(pattern: RegExp, ms = 480_000): Promise<string> {
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`dev.js never printed ${pattern}`)), ms);
		const check = () => {
			const line = output.find((l) => pattern.test(l));
			if (!line) return;
			clearTimeout(timer);
			listeners.delete(check);
			resolve(line);
		};
		listeners.add(check);
		check();
	});
}

beforeAll(async () => {
	const appPort = await freePort();
	const stackPort = await freePort();
	appUrl = `http://127.0.0.1:${appPort}`;
	dev = spawn(process.execPath, ['scripts/dev.js'], {
		cwd: projectRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
		env: {
			...process.env,
			APP_HOST: '127.0.0.1',
			APP_PORT: String(appPort),
			STACK_PORT: String(stackPort),
			STACK_DATA: 'memory',
			DEV_STATE_FILE: stateFile,
			APP_SERVER: 'dev',
			PUBLIC_SUPABASE_URL: ''
		}
	});
	for (const stream of [dev.stdout!, dev.stderr!])
		createInterface({ input: stream }).on('line', (line) => {
			output.push(line);
			for (const listener of listeners) listener();
		});
	await printed(/AutoCRM is running at/);
});

afterAll(async () => {
	if (dev && dev.exitCode === null) {
		const exited = new Promise((resolve) => dev.once('exit', resolve));
		dev.kill('SIGTERM');
		await exited;
	}
	await rm(stateFile, { force: true });
});

describe('npm run dev', () => {
	it('serves the sign-in page, whose form signs a demo account in once the stack is up', async () => {
		// How soon is a figure for `npm run bench -- dev-start`, not something to assert here.
		const line = await printed(/sign-in page ready in/);
		const [, page, stack] = /ready in ([\d.]+) s, stack in ([\d.]+) s/.exec(line) ?? [];
		report('dev start', { signInPageSeconds: page, stackSeconds: stack });

		const form = await fetch(`${appUrl}/login`);
		expect(form.status).toBe(200);
		expect(await form.text()).toMatch(/<input[^>]+name="password"/);
		const signIn = await postSignInForm(appUrl);
		expect(signIn.status).toBe(303);
		expect(signIn.headers.getSetCookie().some((cookie) => cookie.startsWith('sb-'))).toBe(true);
	});

	it('sends the security headers under vite dev too', async () => {
		const response = await fetch(`${appUrl}/login`);
		const policy = response.headers.get('content-security-policy') ?? '';
		expect(policy).toContain("frame-ancestors 'none'");
		expect(policy).toContain(`connect-src 'self' ${state().stackUrl}`);
		expect(response.headers.get('x-content-type-options')).toBe('nosniff');
		expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
	});

	it('refuses cross-site form posts under vite dev, where SvelteKit itself does not', async () => {
		for (const [path, type] of [
			['/logout', 'application/x-www-form-urlencoded'],
			['/client/tickets/new', 'multipart/form-data; boundary=x'],
			['/login', 'text/plain']
		]) {
			const response = await fetch(`${appUrl}${path}`, {
				method: 'POST',
				headers: { 'content-type': type, origin: 'http://evil.example' },
				body: 'subject=x',
				redirect: 'manual'
			});
			expect(response.status, path).toBe(403);
		}
	});

	it('answers a text/plain post to a form action with 415, not 500', async () => {
		const response = await fetch(`${appUrl}/login`, {
			method: 'POST',
			headers: { 'content-type': 'text/plain', origin: appUrl },
			body: 'email=a@b.c&password=x'
		});
		expect(response.status).toBe(415);
	});

	it('starts a killed stack again and keeps the app answering meanwhile', async () => {
		const before = state();
		process.kill(before.stackPid, 'SIGKILL');
		await printed(
			/the local stack stopped unexpectedly \(killed by SIGKILL\); the app keeps running/
		);
		expect((await fetch(`${appUrl}/login`)).status).toBe(200);
		await printed(/the local stack is up again/);
		const after = state();
		expect(after.generation).toBe(before.generation + 1);
		expect(after.stackPid).not.toBe(before.stackPid);
		const health = await fetch(`${after.stackUrl}/auth/v1/health`, {
			headers: { apikey: 'anything' }
		});
		expect(health.status).toBeLessThan(500);
		expect(dev.exitCode).toBeNull();
	});
});
