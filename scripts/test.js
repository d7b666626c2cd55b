// `npm test`: every suite in turn (unit and stack/db with Vitest, then end-to-end with Playwright).
// The end-to-end suite serves the production build, which is built while Vitest runs, so Playwright
// starts with it ready. The build runs at a lower priority: Vitest's stack tests spend much of their
// time awaiting sockets, timers and child processes, and the build takes the cores they leave idle.
import { spawn, spawnSync } from 'node:child_process';
import { getPriority, setPriority } from 'node:os';

/**
 * Starts a command; `quiet` keeps its output back, for `done` to hand over.
 * @param {string} command
 * @param {string[]} args
 * @param {{ quiet?: boolean, nice?: number, env?: NodeJS.ProcessEnv }} [options]
 */
function start(command, args, { quiet = false, nice = 0, env = process.env } = {}) {
	const output = quiet ? 'pipe' : 'inherit';
	const child = spawn(command, args, { stdio: ['inherit', output, output], env });
	// Set before the child starts workers of its own, which inherit it.
	if (nice && child.pid) setPriority(child.pid, Math.min(19, getPriority() + nice));
	let text = '';
	child.stdout?.on('data', (chunk) => (text += chunk));
	child.stderr?.on('data', (chunk) => (text += chunk));
	/** @type {Promise<{ status: number | null, signal: NodeJS.Signals | null, output: string }>} */
	const done = new Promise((resolve) => {
		child.on('error', (error) => resolve({ status: 1, signal: null, output: String(error) }));
		child.on('close', (status, signal) => resolve({ status, signal, output: text }));
	});
	return { child, done };
}

/**
 * @param {string} what
 * @param {{ status: number | null, signal: NodeJS.Signals | null }} result
 */
function exitIfFailed(what, { status, signal }) {
	if (status === 0) return;
	console.error(`\n${what} failed (${signal ?? `exit ${status}`}).`);
	process.exit(status || 1);
}

exitIfFailed(
	'node scripts/ensure-chromium.js',
	spawnSync('node', ['scripts/ensure-chromium.js'], { stdio: 'inherit' })
);

// vite itself rather than through npx, so the priority lands on the process that does the work.
const build = start(
	process.execPath,
	['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'],
	{
		quiet: true,
		nice: 10
	}
);
const vitest = await start('npx', ['vitest', 'run']).done;
if (vitest.status !== 0) build.child.kill();
exitIfFailed('npx vitest run', vitest);
const built = await build.done;
if (built.status !== 0) process.stderr.write(built.output);
exitIfFailed('vite build', built);
// playwright.config.ts then starts the servers on this build instead of building the app again.
const e2e = start('npx', ['playwright', 'test'], { env: { ...process.env, E2E_APP_BUILT: '1' } });
exitIfFailed('npx playwright test', await e2e.done);
