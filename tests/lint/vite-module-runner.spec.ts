// vite's module runner, which runs the server side of `vite dev`, gave every module it evaluated an
// `import.meta.resolve` and, for the first of them, registered Node's module hooks to back it. On
// Node 20 (no in-thread `registerHooks`) those run in the loader-hooks worker thread, called for
// every later import, before the first page can answer. Patched (patches/vite+*.patch), the hooks
// are registered when a module first calls `import.meta.resolve`, which then answers as before.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRegistrations, createProbe, installed, type Probe } from './support/probe';

/** Loads plain.js, then resolves.js, through vite's server-side module runner; prints what happened. */
const probe = `${countRegistrations}
const { createServer } = await import(${installed('vite/dist/node/index.js')});
const server = await createServer({
	root: process.cwd(),
	configFile: false,
	logLevel: 'silent',
	server: { middlewareMode: true, ws: false, watch: null }
});
const plain = await server.ssrLoadModule('/plain.js');
const afterPlain = registered;
const { resolved } = await server.ssrLoadModule('/resolves.js');
await server.close();
process.stdout.write(JSON.stringify({ plain: plain.url, afterPlain, resolved, afterResolve: registered }));
`;

let project: Probe;

beforeAll(async () => {
	project = await createProbe('vite-runner', probe, {
		'plain.js': 'export const url = import.meta.url;',
		'resolves.js': "export const resolved = import.meta.resolve('./plain.js');"
	});
});

afterAll(() => project?.remove());

describe("vite's server-side module runner", { timeout: 60_000 }, () => {
	it('registers module hooks only once a module calls import.meta.resolve, which still resolves', async () => {
		const plainUrl = pathToFileURL(join(project.dir, 'plain.js')).href;
		expect(await project.run()).toEqual({
			plain: plainUrl,
			afterPlain: 0,
			resolved: plainUrl,
			afterResolve: 1
		});
	});
});
