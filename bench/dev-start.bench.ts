// `npm run dev` start-up as a developer meets it: from launching scripts/dev.js to the sign-in page
// answering, to the stack being up, and to a demo account signing in through that page's form.
// Warm starts reuse one data folder and vite's dependency cache, as a second `npm run dev` after
// `npm ci` does; the cold start is the first after `npm ci`: a fresh data folder (migrations and
// seed run), no stack bundle, and vite optimising its dependencies again (`--force`).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { postSignInForm } from '../scripts/sign-in-form.js';
import { freePort } from '../scripts/free-port.js';
import { bundleDir } from '../scripts/stack-bundle.js';
import { root } from './support/app';
import { percentile, since } from './support/stats';
import type { BenchRow } from './support/types';

const warmStarts = 5;

interface StartTimes {
	/** GET /login answered 200. */
	signInPage: number;
	/** dev.js said both the app and the stack are up. */
	ready: number;
	/** The demo client signed in through the page's form (POST /login answered 303). */
	signedIn: number;
}

const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Polls until `attempt` resolves true, every `everyMs`. */
async function until(attempt: () => Promise<boolean>, everyMs: number): Promise<void> {
	const timeoutMs = 900_000;
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			if (await attempt()) return;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) throw new Error('dev.js did not come up in time');
		await pause(everyMs);
	}
}

async function startOnce(data: string, viteArgs: string[]): Promise<StartTimes> {
	const appPort = await freePort();
	const stackPort = await freePort();
	const appUrl = `http://127.0.0.1:${appPort}`;
	const start = performance.now();
	const dev = spawn(process.execPath, ['scripts/dev.js', ...viteArgs], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit'],
		env: {
			...process.env,
			APP_HOST: '127.0.0.1',
			APP_PORT: String(appPort),
			STACK_PORT: String(stackPort),
			STACK_DATA: data,
			APP_SERVER: 'dev',
			PUBLIC_SUPABASE_URL: ''
		}
	});
	const exited = new Promise((done) => dev.once('exit', done));
	const ready = new Promise<number>((resolve, reject) => {
		createInterface({ input: dev.stdout! }).on('line', (line) => {
			if (line.startsWith('AutoCRM is running at')) resolve(since(start));
		});
		dev.once('exit', (code) => reject(new Error(`dev.js exited with ${code}`)));
	});
	// Awaited once the sign-in page answers; a dev.js that exits before then fails the polling.
	ready.catch(() => undefined);
	try {
		await until(async () => (await fetch(`${appUrl}/login`)).status === 200, 25);
		const signInPage = since(start);
		// Less often: each attempt is a request the starting app and stack must answer.
		await until(async () => {
			const response = await postSignInForm(appUrl);
			return response.status === 303;
		}, 250);
		const signedIn = since(start);
		return { signInPage, ready: await ready, signedIn };
	} finally {
		dev.kill('SIGTERM');
		await exited;
	}
}

const rows = (label: string, samples: StartTimes[]): BenchRow[] =>
	(
		[
			['sign-in page answers', 'signInPage', '≤ 5 s (warm)'],
			['stack and app up', 'ready', undefined],
			['demo client signed in through the form', 'signedIn', undefined]
		] as const
	).flatMap(([what, key, target]) =>
		(samples.length > 1 ? [50, 95] : [50]).map((p) => ({
			suite: 'dev-start',
			case: `${label}: ${what}`,
			database: 'pglite (data folder)',
			metric: samples.length > 1 ? `p${p}` : 'time',
			value: percentile(
				samples.map((s) => s[key]),
				p
			),
			unit: 'ms',
			target: p === 95 && label.startsWith('warm') ? target : undefined
		}))
	);

export default {
	name: 'dev-start',
	async run(): Promise<BenchRow[]> {
		const data = await mkdtemp(join(tmpdir(), 'autocrm-dev-bench-'));
		try {
			await rm(bundleDir, { recursive: true, force: true });
			const cold = await startOnce(data, ['--force']);
			const warm: StartTimes[] = [];
			for (let i = 0; i < warmStarts; i++) warm.push(await startOnce(data, []));
			return [
				...rows('cold start (fresh data, vite --force)', [cold]),
				...rows(`warm start (${warmStarts} runs)`, warm)
			];
		} finally {
			await rm(data, { recursive: true, force: true });
		}
	}
};
