// What scripts/dev.js wrote about the running stack and app, and the control to restart the stack.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';

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
 * Kills the stack process outright (kill -9, as a crash would) and keeps scripts/dev.js from starting
 * it again until `release()`, so the outage lasts as long as the test needs; `back` resolves once
 * dev.js has then started it again by itself.
 */
export function crashStack(timeoutMs = 300_000): { release: () => void; back: Promise<void> } {
	const hold = process.env.E2E_HOLD_FILE;
	if (!hold)
		throw new Error('E2E_HOLD_FILE is not set: run the suite through playwright.config.ts');
	const before = devState();
	writeFileSync(hold, 'held by the end-to-end suite\n');
	process.kill(before.stackPid, 'SIGKILL');
	return {
		release: () => rmSync(hold, { force: true }),
		back: newStackAfter(before.generation, timeoutMs)
	};
}
