// The production build of the app over HTTP, for benchmarks: build it, start it against a stack on
// a free port, sign in through its own form, and time page renders.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { demoPassword } from '../../scripts/demo-accounts.js';
import { freePort } from '../../scripts/free-port.js';
import type { Stack } from '../../stack';
import { since } from './stats';

export const root = join(import.meta.dirname, '..', '..');

/** Builds the app, so the numbers are those of the code as it is now. */
export function build() {
	const built = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], {
		cwd: root,
		stdio: 'inherit'
	});
	if (built.status !== 0) throw new Error('vite build failed');
}

/**
 * Starts the built app against `stack`; with `fetchLog`, the app appends every request it sends
 * (see fetch-log.mjs) to that file.
 */
export async function startApp(
	stack: Stack,
	options: { fetchLog?: string } = {}
): Promise<{ url: string; pid: number | undefined; stop: () => Promise<void> }> {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const preload = options.fetchLog ? ['--import', join(import.meta.dirname, 'fetch-log.mjs')] : [];
	const child: ChildProcess = spawn(process.execPath, [...preload, join(root, 'build')], {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...process.env,
			...(options.fetchLog ? { FETCH_LOG: options.fetchLog } : {}),
			HOST: '127.0.0.1',
			PORT: String(port),
			ORIGIN: url,
			PUBLIC_SUPABASE_URL: stack.url,
			PUBLIC_SUPABASE_ANON_KEY: stack.keys.anon,
			SUPABASE_SERVICE_ROLE_KEY: stack.keys.serviceRole
		}
	});
	for (let tries = 0; ; tries++) {
		try {
			await fetch(`${url}/login`);
			break;
		} catch (error) {
			if (tries > 300) throw error;
			await new Promise((next) => setTimeout(next, 100));
		}
	}
	return {
		url,
		pid: child.pid,
		stop: () =>
			new Promise((done) => {
				child.once('exit', () => done());
				child.kill('SIGTERM');
			})
	};
}

/** Signs in through the app's own form and returns the session cookies it set. */
export async function signInCookies(appUrl: string, email: string): Promise<string> {
	const response = await fetch(`${appUrl}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: appUrl, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password: demoPassword })
	});
	const cookies = response.headers.getSetCookie().map((cookie) => cookie.split(';')[0]);
	if (cookies.length === 0) throw new Error(`signing in as ${email} set no cookie`);
	return cookies.join('; ');
}

/** Times `count` full responses of `url` (after `warmup` untimed ones). */
export async function timeRenders(
	url: string,
	cookie: string,
	count: number,
	warmup = 5
): Promise<number[]> {
	const samples: number[] = [];
	for (let i = 0; i < count + warmup; i++) {
		const start = performance.now();
		const response = await fetch(url, { headers: { cookie } });
		await response.text();
		if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
		if (i >= warmup) samples.push(since(start));
	}
	return samples;
}
