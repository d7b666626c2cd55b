// What scripts/dev.js wrote about the running stack and app, and the control to restart the stack.
import { readFileSync } from 'node:fs';

export interface DevState {
	pid: number;
	appUrl: string;
	stackUrl: string;
	anonKey: string;
	serviceRoleKey: string;
	generation: number;
}

export function devState(): DevState {
	const file = process.env.E2E_STATE_FILE;
	if (!file)
		throw new Error('E2E_STATE_FILE is not set: run the suite through playwright.config.ts');
	return JSON.parse(readFileSync(file, 'utf8')) as DevState;
}

/** Stops the stack process and starts a new one on the same port and data; resolves once it is up. */
export async function restartStack(timeoutMs = 60_000): Promise<void> {
	const before = devState();
	process.kill(before.pid, 'SIGUSR2');
	const deadline = Date.now() + timeoutMs;
	while (devState().generation === before.generation) {
		if (Date.now() > deadline) throw new Error('the stack did not come back');
		await new Promise((next) => setTimeout(next, 100));
	}
}
