// The scaffolding of the specs that check how a patched dependency loads modules: each runs a probe
// script in a Node process of its own, in a small project of its own, so no other code (vitest's
// included) has registered module hooks or loaded the modules in question, and prints its findings
// as JSON.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repo's installed packages, where the probes load the (patched) dependencies from. */
export const nodeModules = join(import.meta.dirname, '..', '..', '..', 'node_modules');

/** A file of the repo's node_modules as a string literal of its URL, for a probe's `import()`. */
export const installed = (path: string): string =>
	JSON.stringify(pathToFileURL(join(nodeModules, path)).href);

/**
 * Probe code counting `Module.register` calls in `registered`. Synced into `node:module`'s named
 * exports too, since a package may call it through the module namespace (Tailwind does), which holds
 * the original until synced.
 */
export const countRegistrations = `
import Module, { syncBuiltinESMExports } from 'node:module';
let registered = 0;
const register = Module.register;
Module.register = (...args) => { registered += 1; return register.apply(Module, args); };
syncBuiltinESMExports();
`;

export interface Probe {
	/** The project's folder. */
	dir: string;
	/** Runs probe.mjs in a new Node process in the project; its stdout, parsed. */
	run(env?: NodeJS.ProcessEnv): Promise<unknown>;
	remove(): Promise<void>;
}

/**
 * A temporary ES-module project with `files` (paths relative to it) and the probe script.
 * @param name what the folder's name starts with, to tell leftovers apart
 */
export async function createProbe(
	name: string,
	probe: string,
	files: Record<string, string> = {}
): Promise<Probe> {
	const dir = await mkdtemp(join(tmpdir(), `autocrm-${name}-`));
	const all = { 'package.json': '{ "type": "module" }', 'probe.mjs': probe, ...files };
	for (const [path, text] of Object.entries(all)) {
		await mkdir(dirname(join(dir, path)), { recursive: true });
		await writeFile(join(dir, path), text);
	}
	return {
		dir,
		async run(env) {
			const { stdout } = await run(process.execPath, [join(dir, 'probe.mjs')], {
				cwd: dir,
				env: { ...process.env, ...env }
			});
			return JSON.parse(stdout);
		},
		remove: () => rm(dir, { recursive: true, force: true })
	};
}
