// A stack and app of a test's own, for tests that break the setup (SQL, Auth config) and so must not
// touch the stack the other specs share: the stack runs in the test's process, with its database at
// hand, and the production build (built by the suite's webServer) serves the app beside it, both on
// free ports. `restart` starts the stack again on the same port and data with other config.toml
// overrides, as an operator who edits config.toml and restarts does. With TEST_DATABASE_URL set (as for
// the suite's shared stacks, playwright.config.ts) its database is a fresh one on that PostgreSQL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../../scripts/free-port.js';
import { createStack, type Stack } from '../../../stack';
import type { Environment } from '../../../stack/config';
import { raisedAuthLimits } from '../../support/auth-limits';
import { freshPostgresDatabase } from '../../support/stack';

const root = join(import.meta.dirname, '..', '..', '..');

export interface OwnStack {
	appUrl: string;
	/** The running stack: its database, URL and keys. */
	readonly stack: Stack;
	/** Stops the stack and starts it again on the same port and data with `overrides`. */
	restart(overrides?: Environment): Promise<void>;
	stop(): Promise<void>;
}

/** Resolves once the app prints that it listens; rejects if it exits first. */
function listening(app: ChildProcess): Promise<void> {
	return new Promise((done, fail) => {
		const lines = createInterface({ input: app.stdout! });
		const exited = (code: number | null) => fail(new Error(`the app exited (code ${code})`));
		app.once('exit', exited);
		lines.on('line', (line) => {
			if (!line.startsWith('Listening on')) return;
			app.off('exit', exited);
			lines.close();
			done();
		});
	});
}

export async function ownStack(): Promise<OwnStack> {
	const data = await mkdtemp(join(tmpdir(), 'autocrm-own-stack-'));
	const port = await freePort();
	const database = process.env.TEST_DATABASE_URL ? await freshPostgresDatabase() : undefined;
	const removeData = async () => {
		await rm(data, { recursive: true, force: true });
		await database?.drop();
	};
	// No mail catcher: config.toml's fixed ports belong to the shared stack.
	const start = (overrides: Environment = {}) =>
		createStack({
			workdir: root,
			port,
			data,
			databaseUrl: database?.url,
			mail: false,
			env: { ...process.env, ...raisedAuthLimits, ...overrides }
		});
	let stack: Stack;
	try {
		stack = await start();
	} catch (error) {
		await removeData();
		throw error;
	}
	const appPort = await freePort();
	const appUrl = `http://127.0.0.1:${appPort}`;
	const app = spawn(process.execPath, [join(root, 'build')], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'inherit'],
		env: {
			...process.env,
			HOST: '127.0.0.1',
			PORT: String(appPort),
			ORIGIN: appUrl,
			PUBLIC_SUPABASE_URL: stack.url,
			PUBLIC_SUPABASE_ANON_KEY: stack.keys.anon,
			SUPABASE_SERVICE_ROLE_KEY: stack.keys.serviceRole
		}
	});
	try {
		await listening(app);
	} catch (error) {
		await stack.stop();
		await removeData();
		throw error;
	}
	return {
		appUrl,
		get stack() {
			return stack;
		},
		async restart(overrides) {
			await stack.stop();
			stack = await start(overrides);
		},
		async stop() {
			const gone = new Promise((done) => app.once('exit', done));
			if (app.exitCode === null && app.signalCode === null) {
				app.kill('SIGTERM');
				await gone;
			}
			await stack.stop();
			await removeData();
		}
	};
}
