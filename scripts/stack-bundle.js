// The local stack compiled to plain JavaScript for `npm run dev`. Under tsx every start compiled and
// loaded some 200 TypeScript modules one by one through its loader (2–3 s of CPU); one bundle loads in
// about half a second. It is rebuilt (in well under a second) whenever a file it was built from has
// changed, so a stack restarted after an edit runs the edited code, as under tsx.
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..');
/** Where the bundle is kept: a cache, gone with node_modules on `npm ci`. */
export const bundleDir = join(root, 'node_modules', '.cache', 'autocrm-stack');
const manifestPath = join(bundleDir, 'inputs.json');

/** The CLI to run as a process, importing its packages from node_modules. */
const entries = {
	cli: 'stack/cli.ts'
};
/**
 * What `npm run dev` needs before it can start vite, the keys the stack will print and the mail
 * catcher's ports, with the parts of their packages they use inside: importing jose's entry from
 * node_modules took 0.2 s of CPU, against 10 ms this way.
 */
const selfContained = {
	keys: 'stack/keys/keys.ts',
	'mail-ports': 'stack/config/mail-ports.ts'
};

/** @typedef {Record<string, [mtimeMs: number, size: number]>} Inputs */

/** @param {string} path @returns {Promise<[number, number] | undefined>} */
const fingerprint = (path) =>
	stat(join(root, path)).then(
		({ mtimeMs, size }) => /** @type {[number, number]} */ ([mtimeMs, size]),
		() => undefined
	);

/** True when every file the bundle was built from is as it was then. */
async function upToDate() {
	/** @type {Inputs} */
	let inputs;
	try {
		inputs = JSON.parse(await readFile(manifestPath, 'utf8'));
	} catch {
		return false;
	}
	const paths = Object.keys(inputs);
	const now = await Promise.all(paths.map(fingerprint));
	return now.every(
		(print, i) => print?.[0] === inputs[paths[i]][0] && print[1] === inputs[paths[i]][1]
	);
}

/**
 * The stack's modules find their SQL files beside them (`new URL('./schema.sql', import.meta.url)`);
 * in one bundle each still gets its own source file's URL.
 * @type {import('esbuild').Plugin}
 */
const ownModuleUrls = {
	name: 'own-module-urls',
	setup(builder) {
		builder.onLoad({ filter: /\.ts$/ }, async ({ path }) => ({
			contents: (await readFile(path, 'utf8')).replaceAll(
				'import.meta.url',
				JSON.stringify(pathToFileURL(path).href)
			),
			loader: 'ts'
		}));
	}
};

async function rebuild() {
	// Loaded only to build: a warm `npm run dev` starts vite sooner without it.
	const { build } = await import('esbuild');
	await mkdir(bundleDir, { recursive: true });
	const partial = join(bundleDir, `build-${process.pid}`);
	/** @type {import('esbuild').BuildOptions} */
	const options = {
		absWorkingDir: root,
		outdir: partial,
		outExtension: { '.js': '.mjs' },
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		sourcemap: 'linked',
		metafile: true,
		logLevel: 'error',
		plugins: [ownModuleUrls]
	};
	const results = await Promise.all([
		build({ ...options, entryPoints: entries, packages: 'external' }),
		build({ ...options, entryPoints: selfContained })
	]);
	/** @type {Inputs} */
	const inputs = {};
	// This file too: a change to how the bundle is built is a change to the bundle.
	for (const path of [
		...new Set(results.flatMap((result) => Object.keys(result.metafile?.inputs ?? {}))),
		relative(root, import.meta.filename)
	]) {
		const print = await fingerprint(path);
		if (print) inputs[path] = print;
	}
	// Moved into place file by file and the manifest last, so a parallel start never runs half a build
	// (at worst it builds again).
	for (const name of [...Object.keys(entries), ...Object.keys(selfContained)]) {
		for (const file of [`${name}.mjs`, `${name}.mjs.map`]) {
			await rename(join(partial, file), join(bundleDir, file));
		}
	}
	await writeFile(`${manifestPath}.${process.pid}`, JSON.stringify(inputs));
	await rename(`${manifestPath}.${process.pid}`, manifestPath);
	await rm(partial, { recursive: true, force: true });
}

/**
 * Builds the stack's bundle if it is missing or stale; returns the paths of its entry points.
 * @returns {Promise<{ cli: string, keys: string, mailPorts: string }>}
 */
export async function bundledStack() {
	if (!(await upToDate())) await rebuild();
	return {
		cli: join(bundleDir, 'cli.mjs'),
		keys: join(bundleDir, 'keys.mjs'),
		mailPorts: join(bundleDir, 'mail-ports.mjs')
	};
}
