import { defineConfig, devices } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './scripts/chromium.js';
import { freePort } from './scripts/free-port.js';
import { raisedAuthLimits } from './tests/support/auth-limits';

// Workers re-read this file; what the main process chose reaches them through the env.
process.env.E2E_APP_PORT ??= String(await freePort());
process.env.E2E_STACK_PORT ??= String(await freePort());
process.env.E2E_STATE_FILE ??= join(tmpdir(), `autocrm-e2e-${process.pid}.json`);
process.env.E2E_HOLD_FILE ??= join(tmpdir(), `autocrm-e2e-${process.pid}.hold`);
const baseURL = `http://127.0.0.1:${process.env.E2E_APP_PORT}`;

export default defineConfig({
	testDir: 'tests/e2e',
	forbidOnly: !!process.env.CI,
	retries: 0,
	// One worker: the suites share one stack, and one of them restarts it.
	workers: 1,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? 'list' : [['list'], ['html', { open: 'never' }]],
	use: {
		baseURL,
		trace: 'retain-on-failure',
		launchOptions: { executablePath: chromiumPath(), args: chromiumArgs }
	},
	projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
	// `npm run dev`'s orchestration on free ports with a throwaway data folder, serving the production
	// build; SIGUSR2 to its pid (written to the state file) restarts the stack on the same port and data.
	webServer: {
		command: 'npx vite build --logLevel error && node scripts/dev.js',
		// dev.js says so once both the app and the stack answer (they start in parallel, and the
		// sign-in page answers first).
		wait: { stdout: /AutoCRM is running at/ },
		env: {
			...raisedAuthLimits,
			APP_HOST: '127.0.0.1',
			APP_PORT: process.env.E2E_APP_PORT,
			STACK_PORT: process.env.E2E_STACK_PORT,
			STACK_DATA: 'temp',
			DEV_STATE_FILE: process.env.E2E_STATE_FILE,
			DEV_RESTART_HOLD_FILE: process.env.E2E_HOLD_FILE,
			APP_SERVER: 'build',
			PUBLIC_SUPABASE_URL: ''
		},
		reuseExistingServer: false,
		gracefulShutdown: { signal: 'SIGTERM', timeout: 15_000 },
		timeout: 300_000
	}
});
