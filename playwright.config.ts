import { defineConfig, devices } from '@playwright/test';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './scripts/chromium.js';
import { freePort } from './scripts/free-port.js';
import { raisedAuthLimits } from './tests/support/auth-limits';

// Each worker has a stack and an app of its own, so specs on different workers never share data and
// the spec that restarts its stack disturbs no one else. Workers re-read this file, and Playwright
// names each one's slot in TEST_PARALLEL_INDEX; what the main process chose reaches them through the
// env.
// With a PostgreSQL at hand (CI starts one for the stack suites), each worker's stack runs on a fresh
// database of its own there, dropped when the stack stops, instead of on PGlite's WebAssembly build
// in a throwaway data folder.
const onPostgres = !!process.env.TEST_DATABASE_URL;
// On PGlite a worker keeps a browser, an app and a stack busy, about two cores' worth at its peaks: on
// a 2-core machine a second worker made no run faster (16.7 min either way), only each test slower.
// On PostgreSQL the stack costs far less: one worker used about two thirds of a core (admin and
// workspace specs: 156 s of CPU for 239 s of tests in CI), mostly waiting on the browser and live
// updates, so one worker per core.
const workers = Number(
	process.env.E2E_WORKERS ||
		(onPostgres ? availableParallelism() : Math.max(1, Math.floor(availableParallelism() / 2)))
);
const slots = await Promise.all(
	Array.from({ length: workers }, async (_, slot) => {
		const key = (name: string) => `E2E_${name}_${slot}`;
		process.env[key('APP_PORT')] ??= String(await freePort());
		process.env[key('STACK_PORT')] ??= String(await freePort());
		const files = join(tmpdir(), `autocrm-e2e-${process.pid}-${slot}`);
		process.env[key('STATE_FILE')] ??= `${files}.json`;
		process.env[key('HOLD_FILE')] ??= `${files}.hold`;
		return {
			appPort: process.env[key('APP_PORT')]!,
			stackPort: process.env[key('STACK_PORT')]!,
			stateFile: process.env[key('STATE_FILE')]!,
			holdFile: process.env[key('HOLD_FILE')]!
		};
	})
);
// The spec support files find this worker's stack through these.
const own = slots[Number(process.env.TEST_PARALLEL_INDEX ?? 0)];
process.env.E2E_STATE_FILE = own.stateFile;
process.env.E2E_HOLD_FILE = own.holdFile;
const baseURL = `http://127.0.0.1:${own.appPort}`;
// `npm test` (scripts/test.js) builds the app while Vitest runs and says so here.
const appBuilt = process.env.E2E_APP_BUILT === '1';
const devCommand = onPostgres
	? 'node tests/e2e/support/on-fresh-database.js node scripts/dev.js'
	: 'node scripts/dev.js';

// The longest spec files (CI, 2026-12-05: 164, 111 and 128 s of the suite's 895 s on one worker).
const longFiles = ['accessibility.spec.ts', 'admin.spec.ts', 'workspace.spec.ts'];

export default defineConfig({
	testDir: 'tests/e2e',
	forbidOnly: !!process.env.CI,
	// A failing test runs once more and still fails the suite if it then passes. Only that retry records
	// a trace: recording every test took a quarter of the suite's CPU (its screencast in the browser,
	// its DOM snapshots in the worker) and made the workspace spec 1.7 times as long on one worker
	// (345 s against 199 s, 2026-12-05). That slowness had hidden actions landing before the page
	// hydrated (CI, 2026-12-04/05); the specs now open and reload every page through
	// tests/e2e/support/pages.ts, which waits for hydration.
	retries: 1,
	failOnFlakyTests: true,
	workers,
	// A cap on a hung test, not a timing: with a worker per core a test shares the cores with another
	// worker's (in CI the longest of the others took 19 s alone, 50–80 s on a machine at load 20–36).
	timeout: 120_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL,
		trace: 'on-first-retry',
		screenshot: 'only-on-failure',
		launchOptions: { executablePath: chromiumPath(), args: chromiumArgs }
	},
	// A spec file runs whole on one worker, and workers take files in project order, then by name: the
	// longest files first, so no worker idles at the end while another runs one of them (by name,
	// workspace.spec came last; by CI's per-test times two workers finish about a minute sooner). One
	// browser, so both projects keep its name.
	projects: [{ testMatch: longFiles }, { testIgnore: longFiles }].map((project) => ({
		name: 'chromium',
		use: { ...devices['Desktop Chrome'] },
		...project
	})),
	// `npm run dev`'s orchestration on free ports with a throwaway data folder, serving the production
	// build; SIGUSR2 to its pid (written to the state file) restarts the stack on the same port and data.
	// Playwright starts these one after another, so the first builds the app for all of them, unless
	// `npm test` has just built it.
	webServer: slots.map((slot, index) => ({
		command: `${index === 0 && !appBuilt ? 'npx vite build --logLevel error && ' : ''}${devCommand}`,
		// dev.js says so once both the app and the stack answer (they start in parallel, and the
		// sign-in page answers first).
		wait: { stdout: /AutoCRM is running at/ },
		env: {
			...raisedAuthLimits,
			APP_HOST: '127.0.0.1',
			APP_PORT: slot.appPort,
			STACK_PORT: slot.stackPort,
			STACK_DATA: 'temp',
			DEV_STATE_FILE: slot.stateFile,
			DEV_RESTART_HOLD_FILE: slot.holdFile,
			APP_SERVER: 'build',
			PUBLIC_SUPABASE_URL: ''
		},
		reuseExistingServer: false,
		gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
		timeout: 300_000
	}))
});
