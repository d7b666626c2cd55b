// SvelteKit's sync runs at every `vite dev` start. Patched (patches/@sveltejs+kit+*.patch), a sync with
// unchanged routes must neither load TypeScript nor write any route types; an edited route's types
// must still be written again, and no generated file is rewritten with the text it already has. The
// page options it reads from route files are kept by file text between processes, and an edited file
// is read again. Run on a small project of its own, so the repo's .svelte-kit and caches are
// untouched.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const kitCli = join(root, 'node_modules', '@sveltejs', 'kit', 'svelte-kit.js');
const run = promisify(execFile);
let project: string;

// Says on stderr whether TypeScript was loaded, however it was (require or import of its CJS file).
const reportTypescript = `process.on('exit', () => {
	const loaded = Object.keys(require.cache).some((file) => file.includes('/typescript/lib/'));
	process.stderr.write(loaded ? 'typescript: loaded' : 'typescript: not loaded');
});`;

const files: Record<string, string> = {
	'package.json': '{ "type": "module" }',
	'svelte.config.js': 'export default { kit: {} };',
	'report-typescript.cjs': reportTypescript,
	'src/app.html': '<html><head>%sveltekit.head%</head><body>%sveltekit.body%</body></html>',
	'src/routes/+layout.server.ts': 'export const load = () => ({ root: true });',
	'src/routes/+page.svelte': '<p>home</p>',
	'src/routes/login/+page.server.ts': 'export const load = () => ({ login: true });',
	'src/routes/login/+page.svelte': '<p>login</p>'
};

/** Runs `svelte-kit sync` in the project; says whether TypeScript was loaded. */
async function sync(): Promise<string> {
	const { stderr } = await run(
		process.execPath,
		['--require', join(project, 'report-typescript.cjs'), kitCli, 'sync'],
		{ cwd: project }
	);
	return stderr.trim();
}

/** What `vite dev` has sync generate at its start (the CLI writes the types alone), in a new process. */
async function generate(): Promise<void> {
	const kit = pathToFileURL(join(root, 'node_modules', '@sveltejs', 'kit', 'src', 'core')).href;
	const script = `
		const { load_config } = await import('${kit}/config/index.js');
		const sync = await import('${kit}/sync/sync.js');
		sync.all(await load_config(), 'development');`;
	await run(process.execPath, ['--input-type=module', '--eval', script], { cwd: project });
}

/** The root route's types, then the login route's. */
const typeFiles = [
	'.svelte-kit/types/src/routes/$types.d.ts',
	'.svelte-kit/types/src/routes/login/$types.d.ts'
];

/**
 * Some of what sync generates besides route types: the client manifest, root and config (not the
 * server's internal.js, which holds the app's version, by default the time of the start).
 */
const generatedFiles = [
	'.svelte-kit/generated/client/app.js',
	'.svelte-kit/generated/client/nodes/0.js',
	'.svelte-kit/generated/root.svelte',
	'.svelte-kit/tsconfig.json'
];

/** Each file's modification time: a rewrite changes it. */
const modified = (files = typeFiles) =>
	Promise.all(files.map(async (file) => (await stat(join(project, file))).mtimeMs));

beforeAll(async () => {
	project = await mkdtemp(join(tmpdir(), 'autocrm-kit-sync-'));
	for (const [file, text] of Object.entries(files)) {
		await mkdir(dirname(join(project, file)), { recursive: true });
		await writeFile(join(project, file), text);
	}
	// The repo's packages, but a node_modules/.cache of the project's own.
	await mkdir(join(project, 'node_modules'));
	for (const entry of await readdir(join(root, 'node_modules'))) {
		if (entry === '.cache') continue;
		await symlink(join(root, 'node_modules', entry), join(project, 'node_modules', entry));
	}
	// The first sync writes every route's types, with TypeScript.
	expect(await sync()).toBe('typescript: loaded');
}, 120_000);

afterAll(async () => {
	if (project) await rm(project, { recursive: true, force: true });
});

describe('svelte-kit sync (as at every vite dev start)', { timeout: 60_000 }, () => {
	it('writes no route types and loads no TypeScript when no route changed', async () => {
		const before = await modified();
		expect(await sync()).toBe('typescript: not loaded');
		expect(await modified()).toEqual(before);
	});

	it('rewrites no generated file that is already as it would write it', async () => {
		await generate();
		const before = await modified(generatedFiles);
		await generate();
		expect(await modified(generatedFiles)).toEqual(before);
	});

	it("writes an edited route's types again", async () => {
		const before = await modified();
		await writeFile(
			join(project, 'src/routes/login/+page.server.ts'),
			'export const load = () => ({ login: false });'
		);
		expect(await sync()).toBe('typescript: loaded');
		const [rootAfter, loginAfter] = await modified();
		expect(loginAfter).toBeGreaterThan(before[1]);
		expect(rootAfter).toBe(before[0]);
	});

	it('keeps page options by file text, and reads an edited file again', async () => {
		const page = join(project, 'src/routes/login/+page.ts');
		/** The sign-in page's paths in the generated types, which follow its `trailingSlash`. */
		const loginPaths = async () => {
			const types = await readFile(join(project, '.svelte-kit/non-ambient.d.ts'), 'utf8');
			const pathnames = types.split('\n').find((line) => line.includes('Pathname():'));
			return pathnames?.match(/"\/login\/?"/g);
		};
		const always = "export const trailingSlash = 'always';";
		await writeFile(page, always);
		await sync();
		expect(await loginPaths()).toEqual(['"/login/"']);
		const kept = JSON.parse(
			await readFile(
				join(project, 'node_modules/.cache/sveltekit/page-options-2.70.4.json'),
				'utf8'
			)
		);
		expect(kept[createHash('sha256').update(always).digest('base64')]).toBe(
			'{"trailingSlash":"always"}'
		);

		await writeFile(page, "export const trailingSlash = 'never';");
		await sync();
		expect(await loginPaths()).toEqual(['"/login"']);

		await writeFile(page, always);
		await sync();
		expect(await loginPaths()).toEqual(['"/login/"']);
	});
});
