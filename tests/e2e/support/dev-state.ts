// What scripts/dev.js wrote about the running stack and app, and the control to restart the stack.
import { readFileSync } from 'node:fs';

export interface DevState {
	pid: number;
	/** The stack process scripts/dev.js supervises. */
	stackPid: number;
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

/** Resolves once scripts/dev.js reports a stack newer than `generation`. */
async function newStackAfter(generation: number, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (devState().generation === generation) {
		if (Date.now() > deadline) throw new Error('the stack did not come back');
		await new Promise((next) => setTimeout(next, 100));
	}
}

/** Stops the stack process and starts a new one on the same port and data; resolves once it is up. */
export async function restartStack(timeoutMs = 300_000): Promise<void> {
	const before = devState();
	process.kill(before.pid, 'SIGUSR2');
	await newStackAfter(before.generation, timeoutMs);
}

/**
 * Kills the stack process outright (kill -9, as a crash would) and returns a promise that resolves
 * once scripts/dev.js has started it again by itself.
 */
export function crashStack(timeoutMs = 300_000): { back: Promise<void> } {
	const before = devState();
	process.kill(before.stackPid, 'SIGKILL');
	return { back: newStackAfter(before.generation, timeoutMs) };
}
