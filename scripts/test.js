// `npm test`: every suite in turn (unit and stack/db with Vitest, then end-to-end with Playwright).
// The end-to-end suite serves the production build, which is built while Vitest runs, at the lowest
// priority: it takes only the CPU Vitest leaves idle (its stack tests spend much of their time
// awaiting sockets, timers and child processes), so Vitest runs about as fast as alone, and whatever is
// left of the build once Vitest is done runs at full speed. Built after Vitest, it was about a minute
// of the e2e step.
import { spawn } from 'node:child_process';

/** @type {Set<import('node:child_process').ChildProcess>} */
const running = new Set();

/**
 * Runs a command to its end; `quiet` keeps its output back, to print only if it fails. A failure
 * stops whatever else runs and ends `npm test`.
 * @param {string} command
 * @param {string[]} args
 * @param {{ quiet?: boolean, env?: NodeJS.ProcessEnv }} [options]
 */
function run(command, args, { quiet = false, env = process.env } = {}) {
	const output = quiet ? 'pipe' : 'inherit';
	const child = spawn(command, args, { stdio: ['ignore', output, output], env });
	running.add(child);
	let kept = '';
	child.stdout?.on('data', (chunk) => (kept += chunk));
	child.stderr?.on('data', (chunk) => (kept += chunk));
	/** @type {Promise<void>} */
	const done = new Promise((resolve) => {
		const fail = (/** @type {string} */ why) => {
			process.stdout.write(kept);
			for (const other of running) if (other !== child) other.kill();
			console.error(`\n${command} ${args.join(' ')} failed (${why}).`);
			process.exit(1);
		};
		child.on('error', (error) => fail(error.message));
		child.on('close', (status, signal) => {
			running.delete(child);
			if (status === 0) resolve();
			else fail(signal ?? `exit ${status}`);
		});
	});
	return { child, done };
}

await run('node', ['scripts/ensure-chromium.js']).done;
const started = performance.now();
const elapsed = () => `${Math.round((performance.now() - started) / 1000)} s`;
// nice(1) rather than setting the priority after spawning: node starts threads at once, and a
// thread keeps the priority it started with. vite itself rather than through npx, for the same reason.
const build = run(
	'nice',
	['-n', '19', process.execPath, 'node_modules/vite/bin/vite.js', 'build', '--logLevel', 'error'],
	{
		quiet: true
	}
);
build.done.then(() => console.log(`\nThe app was built ${elapsed()} after the suites started.`));
await run('npx', ['vitest', 'run']).done;
console.log(`\nVitest ended ${elapsed()} after the suites started.`);
await build.done;
// playwright.config.ts then starts its servers on this build instead of building the app again.
await run('npx', ['playwright', 'test'], { env: { ...process.env, E2E_APP_BUILT: '1' } }).done;
