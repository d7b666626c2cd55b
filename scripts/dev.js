// `npm run dev`: the local stack and the app together. Starts the stack (PGlite under .data/, seeded on
// first run), then vite pointed at it, waits for both, prints where they are, and stops both on Ctrl-C.
// With PUBLIC_SUPABASE_URL set it starts no stack and serves the app against that project.
//
// Environment (all optional):
//   APP_HOST, APP_PORT        where vite listens (localhost, 5173)
//   STACK_PORT                the stack's port (54321)
//   STACK_DATA                data folder (.data), `memory`, or `temp` (a fresh folder removed on exit)
//   DATABASE_URL              a PostgreSQL for the stack instead of PGlite
//   DEV_STATE_FILE            where to write JSON with the URLs, keys and this process's pid
//   APP_SERVER                `dev` (vite dev, the default) or `build` (the production build in
//                             build/, from `npm run build`: no HMR, so edits elsewhere never reload it)
// Signals: SIGINT/SIGTERM stop both; SIGUSR2 restarts the stack on the same port and data (tests use it).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { demoAccounts, demoPassword } from './demo-accounts.js';

const root = resolve(import.meta.dirname, '..');
const env = process.env;
const appHost = env.APP_HOST || 'localhost';
const appPort = Number(env.APP_PORT || 5173);
const stackPort = Number(env.STACK_PORT || 54321);
const externalUrl = env.PUBLIC_SUPABASE_URL;

const temporaryData = env.STACK_DATA === 'temp';
const data = temporaryData
	? mkdtempSync(join(tmpdir(), 'autocrm-data-'))
	: env.STACK_DATA || join(root, '.data');

/** @typedef {{ url: string, anon: string, serviceRole: string }} StackInfo */

/** @type {import('node:child_process').ChildProcess | undefined} */
let stack;
/** @type {import('node:child_process').ChildProcess | undefined} */
let app;
let generation = 0;
let stopping = false;

/** @param {string} line */
const say = (line) => process.stdout.write(`${line}\n`);

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
const exited = (child) =>
	new Promise((done) => {
		if (child.exitCode !== null || child.signalCode !== null) return done();
		child.once('exit', () => done());
	});

/** @returns {Promise<StackInfo>} */
function startStack() {
	const args = ['--import', 'tsx', 'stack/cli.ts', '--port', String(stackPort), '--data', data];
	const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
	stack = child;
	return new Promise((ready, fail) => {
		/** @type {Record<string, string>} */
		const printed = {};
		const lines = createInterface({
			input: /** @type {import('node:stream').Readable} */ (child.stdout)
		});
		lines.on('line', (line) => {
			const match = /^([^:]+): (.+)$/.exec(line);
			if (match) printed[match[1]] = match[2];
			if (printed['API URL'] && printed['anon key'] && printed['service_role key']) {
				lines.removeAllListeners('line');
				ready({
					url: printed['API URL'],
					anon: printed['anon key'],
					serviceRole: printed['service_role key']
				});
			}
		});
		child.once('exit', (code) => {
			fail(new Error(`the local stack exited (${code ?? 'signal'}) before it was ready`));
			if (!stopping && stack === child) shutdown(1);
		});
	});
}

/**
 * @param {string} url
 * @param {number} timeoutMs
 */
async function waitForHttp(url, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			await fetch(url, { redirect: 'manual' });
			return;
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`${url} did not answer`, { cause: error });
			await new Promise((next) => setTimeout(next, 200));
		}
	}
}

/** @param {{ url: string, anon: string, serviceRole?: string }} supabase */
function startApp(supabase) {
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const built = env.APP_SERVER === 'build';
	if (built && !existsSync(join(root, 'build', 'index.js'))) {
		throw new Error('APP_SERVER=build needs the production build: run `npm run build` first');
	}
	const args = built
		? [join(root, 'build')]
		: [vite, 'dev', '--host', appHost, '--port', String(appPort), '--strictPort'];
	const child = spawn(process.execPath, args, {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...env,
			// adapter-node's settings, for the production build.
			HOST: appHost,
			PORT: String(appPort),
			ORIGIN: env.ORIGIN || `http://${appHost}:${appPort}`,
			PUBLIC_SUPABASE_URL: supabase.url,
			PUBLIC_SUPABASE_ANON_KEY: env.PUBLIC_SUPABASE_ANON_KEY || supabase.anon,
			...(supabase.serviceRole ? { SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRole } : {})
		}
	});
	app = child;
	child.once('exit', (code) => {
		if (!stopping) {
			process.stderr.write(`dev: the app exited (${code ?? 'signal'})\n`);
			shutdown(1);
		}
	});
}

/** @param {StackInfo | undefined} info */
function writeState(info) {
	if (!env.DEV_STATE_FILE) return;
	const state = {
		pid: process.pid,
		appUrl: `http://${appHost}:${appPort}`,
		stackUrl: info?.url ?? externalUrl,
		anonKey: info?.anon,
		serviceRoleKey: info?.serviceRole,
		data,
		generation
	};
	// Written aside and renamed into place, so a reader never sees a half-written file.
	writeFileSync(`${env.DEV_STATE_FILE}.tmp`, JSON.stringify(state, null, '\t'));
	renameSync(`${env.DEV_STATE_FILE}.tmp`, env.DEV_STATE_FILE);
}

/** @param {number} code */
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	for (const child of [app, stack]) child?.kill('SIGTERM');
	await Promise.all([app, stack].map((child) => (child ? exited(child) : undefined)));
	if (temporaryData) rmSync(data, { recursive: true, force: true });
	process.exit(code);
}

process.once('SIGINT', () => shutdown(0));
process.once('SIGTERM', () => shutdown(0));

try {
	/** @type {StackInfo | undefined} */
	let info;
	if (externalUrl) {
		const key = env.PUBLIC_SUPABASE_PUBLISHABLE_KEY || env.PUBLIC_SUPABASE_ANON_KEY;
		if (!key) throw new Error('PUBLIC_SUPABASE_URL is set without PUBLIC_SUPABASE_ANON_KEY');
		say(`Using the Supabase project at ${externalUrl}; no local stack started.`);
		startApp({ url: externalUrl, anon: key });
	} else {
		say(`Starting the local stack on port ${stackPort} (data: ${data})…`);
		info = await startStack();
		startApp(info);
	}
	const appUrl = `http://${appHost}:${appPort}`;
	await waitForHttp(`${appUrl}/login`, 120_000);
	writeState(info);

	say('');
	say(`AutoCRM is running at ${appUrl}`);
	if (info) {
		say(`Local stack: ${info.url} (emails it sends: ${info.url}/mail)`);
		say(`Demo accounts, password ${demoPassword}:`);
		for (const { email, role } of demoAccounts) say(`  ${email.padEnd(24)} ${role}`);
	}
	say('Press Ctrl-C to stop.');

	process.on('SIGUSR2', async () => {
		if (!stack || stopping) return;
		const old = stack;
		stack = undefined;
		old.kill('SIGTERM');
		await exited(old);
		info = await startStack();
		generation += 1;
		writeState(info);
		say(`Restarted the local stack (${info.url}).`);
	});
} catch (error) {
	process.stderr.write(`dev: ${/** @type {Error} */ (error).message}\n`);
	shutdown(1);
}
