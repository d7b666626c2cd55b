// `npm test`: every suite in turn (unit and stack/db with Vitest, then end-to-end with Playwright).
import { spawnSync } from 'node:child_process';

/** @type {[string, string[]][]} */
const steps = [
	['node', ['scripts/ensure-chromium.js']],
	['npx', ['vitest', 'run']],
	['npx', ['playwright', 'test']]
];

for (const [command, args] of steps) {
	const { status, signal } = spawnSync(command, args, { stdio: 'inherit' });
	if (status !== 0) {
		console.error(`\n${command} ${args.join(' ')} failed (${signal ?? `exit ${status}`}).`);
		process.exit(status || 1);
	}
}
