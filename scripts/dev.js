// `npm run dev`: the local stack and the app together. The stack's URL and keys are known before it
// starts (a fixed port, the CLI's well-known keys), so the stack (PGlite under .data/, seeded on
// first run) and vite start at the same time. The stack is supervised: when it dies it is started
// again on the same port and data, with back-off, while the app keeps running, and every step is
// printed. Ctrl-C stops both. With PUBLIC_SUPABASE_URL set it starts no stack and serves the app
// against that project.
//
// Environment (all optional):
//   APP_HOST, APP_PORT        where vite listens (localhost, 5173)
//   STACK_PORT                the stack's port (54321)
//   INBUCKET_PORT, SMTP_PORT  the mail catcher's web inbox and SMTP ports (config.toml's [inbucket]
//                             ports with the default STACK_PORT, free ports with any other)
//   SMTP_URL                  where the app sends customer email (default: the mail catcher)
//   STACK_DATA                data folder (.data), `memory`, or `temp` (a fresh folder removed on exit)
//   DATABASE_URL              a PostgreSQL for the stack instead of PGlite
//   DEV_STATE_FILE            where to write JSON with the URLs, keys and the pids of this process
//                             and of the stack
//   APP_SERVER                `dev` (vite dev, the default) or `build` (the production build in
//                             build/, from `npm run build`: no HMR, so edits elsewhere never reload it)
//   DEV_RESTART_HOLD_FILE     while this file exists, a crashed stack is not started again (tests hold
//                             the outage open with it, to see what a person gets meanwhile)
//   SUPABASE_*                config.toml overrides, passed on to the stack as the Supabase CLI
//                             reads them (e.g. SUPABASE_AUTH_RATE_LIMIT_TOKEN_REFRESH)
// Arguments are passed on to vite dev (e.g. `npm run dev -- --open`, or `--force` to optimise its
// dependencies again).
// Signals: SIGINT/SIGTERM stop both; SIGUSR2 restarts the stack at once on the same port and data.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { getPriority, setPriority, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { demoAccounts, demoPassword } from './demo-accounts.js';
import { freePort } from './free-port.js';
import { bundledStack } from './stack-bundle.js';

const started = performance.now();
const root = resolve(import.meta.dirname, '..');
const env = process.env;
const appHost = env.APP_HOST || 'localhost';
const appPort = Number(env.APP_PORT || 5173);
const appUrl = `http://${appHost}:${appPort}`;
const stackPort = Number(env.STACK_PORT || 54321);
const externalUrl = env.PUBLIC_SUPABASE_URL;
const viteArgs = process.argv.slice(2);

const temporaryData = env.STACK_DATA === 'temp';
const data = temporaryData
	? mkdtempSync(join(tmpdir(), 'autocrm-data-'))
	: env.STACK_DATA || join(root, '.data');

/** Seconds to wait before starting the stack again, by consecutive unexpected exit. */
const restartDelays = [1, 2, 4, 8, 15, 30];
/**
 * How long the app may take to answer before `npm run dev` gives up. A first start optimises vite's
 * dependencies while the stack creates its database, which takes minutes on a busy machine; an app
 * that fails exits, and that ends `npm run dev` at once.
 */
const appStartTimeoutMs = 600_000;
/** A stack that stayed up this long is healthy again: the next exit waits the shortest delay. */
const healthyAfterMs = 60_000;

/**
 * @typedef {{ inbox: number, smtp: number | undefined, inboxUrl: string, smtpUrl: string | undefined }} MailInfo
 * @typedef {{ url: string, anon: string, serviceRole: string, mail: MailInfo | undefined }} StackInfo
 */

/** @param {string} line */
const say = (line) => process.stdout.write(`${line}\n`);
/** @param {string} line */
const warn = (line) => process.stderr.write(`dev: ${line}\n`);
const seconds = () => ((performance.now() - started) / 1000).toFixed(1);

/** @type {import('node:child_process').ChildProcess | undefined} */
let app;
let stopping = false;

/**
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<void>}
 */
const exited = (child) =>
	new Promise((done) => {
		if (child.exitCode !== null || child.signalCode !== null) return done();
		child.once('exit', () => done());
	});

/** @param {number | null} code @param {NodeJS.Signals | null} signal */
const exitReason = (code, signal) => (signal ? `killed by ${signal}` : `exit code ${code}`);

/**
 * The mail catcher's ports, chosen before the stack starts so the app knows where to send and every
 * restart keeps them. Parallel stacks on other ports must not fight over config.toml's fixed ports.
 * @param {string} mailPortsModule the bundled stack/config/mail-ports
 * @returns {Promise<MailInfo | undefined>}
 */
async function mailInfo(mailPortsModule) {
	/** @type {{ readMailPorts: typeof import('../stack/config/mail-ports').readMailPorts }} */
	const { readMailPorts } = await import(mailPortsModule);
	const inbucket = await readMailPorts(root, env);
	if (!inbucket.enabled) return undefined;
	const fixed = stackPort === 54321;
	/** @param {string | undefined} asked @param {number} configured */
	const port = async (asked, configured) =>
		asked ? Number(asked) : fixed ? configured : await freePort();
	const inbox = await port(env.INBUCKET_PORT, inbucket.port);
	const smtp =
		env.SMTP_PORT || inbucket.smtp_port !== undefined
			? await port(env.SMTP_PORT, inbucket.smtp_port ?? 0)
			: undefined;
	return {
		inbox,
		smtp,
		inboxUrl: `http://127.0.0.1:${inbox}`,
		smtpUrl: smtp === undefined ? undefined : `smtp://127.0.0.1:${smtp}`
	};
}

/**
 * The stack's URL, keys and mail catcher, as it will print them once up. From the bundle checked
 * once: each check reads the modification time of every file it was built from, and vite starts
 * only after this.
 * @param {{ keys: string, mailPorts: string }} bundle
 */
async function stackInfo(bundle) {
	/** @type {{ createKeys: () => Promise<{ anon: string, serviceRole: string }> }} */
	const { createKeys } = await import(bundle.keys);
	const keys = await createKeys();
	return {
		url: `http://127.0.0.1:${stackPort}`,
		anon: keys.anon,
		serviceRole: keys.serviceRole,
		mail: await mailInfo(bundle.mailPorts)
	};
}

/**
 * The local stack as a supervised child process: started again on the same port and data when it
 * exits unexpectedly (after a back-off, so a crash loop does not spin), restarted at once on request.
 */
class SupervisedStack {
	/** @type {import('node:child_process').ChildProcess | undefined} */
	child;
	/** Completed restarts, so a watcher (the e2e suite) can tell a new stack from the old one. */
	generation = 0;
	failures = 0;
	everReady = false;
	/** @type {number | undefined} */
	readyAt;
	/** @type {ReturnType<typeof setTimeout> | undefined} */
	pending;
	/** @type {(() => void)[]} */
	#onReady = [];

	/**
	 * @param {MailInfo | undefined} mail the catcher's ports, the same for every start
	 * @param {(stack: SupervisedStack) => void} onUp called each time a stack is ready
	 */
	constructor(mail, onUp) {
		this.mail = mail;
		this.onUp = onUp;
	}

	/** Resolves when a stack is up: the running one, or else the next one to start. */
	ready() {
		if (this.child && this.readyAt !== undefined) return Promise.resolve();
		return new Promise((done) => this.#onReady.push(() => done(undefined)));
	}

	/**
	 * Starts the stack from its bundle, rebuilt first if the stack's code changed meanwhile.
	 * @param {string} [checked] the bundled CLI, when the caller has just checked the bundle (the
	 *   first start: checking stats every file the bundle was built from)
	 */
	async start(checked) {
		this.pending = undefined;
		let cli = checked;
		try {
			cli ??= (await bundledStack()).cli;
		} catch (error) {
			// esbuild has printed where the code does not compile.
			this.#failed(`did not compile: ${/** @type {Error} */ (error).message.split('\n')[0]}`);
			return;
		}
		if (stopping) return;
		const args = ['--enable-source-maps', cli, '--port', String(stackPort), '--data', data];
		if (this.mail) args.push('--inbucket-port', String(this.mail.inbox));
		if (this.mail?.smtp !== undefined) args.push('--smtp-port', String(this.mail.smtp));
		const child = spawn(process.execPath, args, {
			cwd: root,
			stdio: ['ignore', 'pipe', 'inherit']
		});
		// Under `vite dev` the stack yields the CPU to vite: both start at once, and on a machine with
		// few cores the stack's start (opening the database, ~4 s of CPU) otherwise delays vite's first
		// page by as much. The stack is ready well before anyone has typed into that page. Relative to
		// this process's own priority, so `nice npm run dev` never runs the stack ahead of vite.
		if (env.APP_SERVER !== 'build' && child.pid !== undefined) {
			setPriority(child.pid, Math.min(19, getPriority() + 10));
		}
		this.child = child;
		const lines = createInterface({
			input: /** @type {import('node:stream').Readable} */ (child.stdout)
		});
		lines.on('line', (line) => {
			if (!line.startsWith('API URL: ')) return;
			lines.close();
			if (this.everReady) this.generation += 1;
			this.everReady = true;
			this.readyAt = Date.now();
			this.onUp(this);
			for (const done of this.#onReady.splice(0)) done();
		});
		child.once('exit', (code, signal) => this.#exited(child, code, signal));
	}

	/** Stops the stack and starts a new one on the same port and data (SIGUSR2). */
	async restart() {
		const old = this.child;
		if (!old || stopping) return;
		this.child = undefined;
		this.readyAt = undefined;
		old.kill('SIGTERM');
		await exited(old);
		if (!stopping) await this.start();
	}

	async stop() {
		clearTimeout(this.pending);
		const child = this.child;
		this.child = undefined;
		child?.kill('SIGTERM');
		if (child) await exited(child);
	}

	/**
	 * @param {import('node:child_process').ChildProcess} child
	 * @param {number | null} code
	 * @param {NodeJS.Signals | null} signal
	 */
	#exited(child, code, signal) {
		// A stack this supervisor stopped on purpose (restart, shutdown) is not news.
		if (stopping || this.child !== child) return;
		this.child = undefined;
		this.#failed(`stopped unexpectedly (${exitReason(code, signal)})`);
	}

	/**
	 * A stack that never came up ends `npm run dev`; one that was up is started again after a pause.
	 * @param {string} what happened, after "the local stack"
	 */
	#failed(what) {
		if (!this.everReady) {
			warn(`the local stack could not start (${what}); see the message above.`);
			void shutdown(1);
			return;
		}
		if (this.readyAt && Date.now() - this.readyAt > healthyAfterMs) this.failures = 0;
		this.readyAt = undefined;
		const delay = restartDelays[Math.min(this.failures, restartDelays.length - 1)];
		this.failures += 1;
		warn(
			`the local stack ${what}; the app keeps ` +
				`running. Starting the stack again in ${delay} s on port ${stackPort} with the same ` +
				`data (${data === 'memory' ? 'in memory: its data is gone' : data}).`
		);
		this.pending = setTimeout(() => void this.#startUnlessHeld(), delay * 1000);
	}

	#startUnlessHeld() {
		const hold = env.DEV_RESTART_HOLD_FILE;
		if (hold && existsSync(hold)) {
			this.pending = setTimeout(() => this.#startUnlessHeld(), 100);
			return;
		}
		void this.start();
	}
}

/**
 * The status of one GET, or undefined while nothing listens. Through node:http rather than fetch:
 * the first fetch loads undici, ~0.1 s of CPU (0.45 s on a loaded machine) taken from vite's start
 * on a machine with few cores.
 * @param {string} url
 * @returns {Promise<number | undefined>}
 */
const probe = (url) =>
	new Promise((done) => {
		get(url, (response) => {
			response.resume();
			done(response.statusCode);
		}).once('error', () => done(undefined));
	});

/**
 * @param {string} url
 * @param {number} timeoutMs
 */
async function waitForHttp(url, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const status = await probe(url);
		if (status !== undefined && status < 500) return;
		if (Date.now() > deadline) throw new Error(`${url} did not answer`);
		await new Promise((next) => setTimeout(next, 100));
	}
}

/** @param {{ url: string, anon: string, serviceRole?: string, mail?: MailInfo }} supabase */
function startApp(supabase) {
	const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
	const built = env.APP_SERVER === 'build';
	if (built && !existsSync(join(root, 'build', 'index.js'))) {
		throw new Error('APP_SERVER=build needs the production build: run `npm run build` first');
	}
	const args = built
		? [join(root, 'build')]
		: [vite, 'dev', '--host', appHost, '--port', String(appPort), '--strictPort', ...viteArgs];
	const child = spawn(process.execPath, args, {
		cwd: root,
		stdio: ['ignore', 'ignore', 'inherit'],
		env: {
			...env,
			// adapter-node's settings, for the production build.
			HOST: appHost,
			PORT: String(appPort),
			ORIGIN: env.ORIGIN || appUrl,
			PUBLIC_SUPABASE_URL: supabase.url,
			PUBLIC_SUPABASE_ANON_KEY: env.PUBLIC_SUPABASE_ANON_KEY || supabase.anon,
			...(supabase.serviceRole ? { SUPABASE_SERVICE_ROLE_KEY: supabase.serviceRole } : {}),
			...(env.SMTP_URL || supabase.mail?.smtpUrl
				? { SMTP_URL: env.SMTP_URL || supabase.mail?.smtpUrl }
				: {})
		}
	});
	app = child;
	child.once('exit', (code, signal) => {
		if (!stopping) {
			warn(`the app exited (${exitReason(code, signal)})`);
			void shutdown(1);
		}
	});
}

/** @type {SupervisedStack | undefined} */
let stack;

/** @param {StackInfo | undefined} info */
function writeState(info) {
	if (!env.DEV_STATE_FILE) return;
	const state = {
		pid: process.pid,
		stackPid: stack?.child?.pid,
		appUrl,
		stackUrl: info?.url ?? externalUrl,
		anonKey: info?.anon,
		serviceRoleKey: info?.serviceRole,
		inboxUrl: info?.mail?.inboxUrl,
		data,
		generation: stack?.generation ?? 0
	};
	// Written aside and renamed into place, so a reader polling the file never sees half of it.
	const partial = `${env.DEV_STATE_FILE}.${process.pid}.tmp`;
	writeFileSync(partial, JSON.stringify(state, null, '\t'));
	renameSync(partial, env.DEV_STATE_FILE);
}

/** @param {number} code */
async function shutdown(code) {
	if (stopping) return;
	stopping = true;
	app?.kill('SIGTERM');
	await Promise.all([app ? exited(app) : undefined, stack?.stop()]);
	if (temporaryData) rmSync(data, { recursive: true, force: true });
	process.exit(code);
}

process.once('SIGINT', () => shutdown(0));
process.once('SIGTERM', () => shutdown(0));

try {
	if (externalUrl) {
		const key = env.PUBLIC_SUPABASE_PUBLISHABLE_KEY || env.PUBLIC_SUPABASE_ANON_KEY;
		if (!key) throw new Error('PUBLIC_SUPABASE_URL is set without PUBLIC_SUPABASE_ANON_KEY');
		say(`Using the Supabase project at ${externalUrl}; no local stack started.`);
		startApp({ url: externalUrl, anon: key });
		await waitForHttp(`${appUrl}/login`, appStartTimeoutMs);
		writeState(undefined);
		say(`AutoCRM is running at ${appUrl} (ready in ${seconds()} s). Press Ctrl-C to stop.`);
	} else {
		const bundle = await bundledStack();
		const info = await stackInfo(bundle);
		say(`Starting the local stack on port ${stackPort} (data: ${data}) and the app…`);
		let stackReady = '';
		stack = new SupervisedStack(info.mail, (up) => {
			writeState(info);
			if (up.generation > 0) say(`dev: the local stack is up again at ${info.url}.`);
			else stackReady = seconds();
		});
		// vite first: the page waits on it alone (the sign-in page needs no stack to answer).
		startApp(info);
		void stack.start(bundle.cli);
		process.on('SIGUSR2', () => void stack?.restart());

		await waitForHttp(`${appUrl}/login`, appStartTimeoutMs);
		const appReady = seconds();
		await stack.ready();
		say('');
		say(
			`AutoCRM is running at ${appUrl} (sign-in page ready in ${appReady} s, stack in ${stackReady} s)`
		);
		say(`Local stack: ${info.url}`);
		if (info.mail)
			say(`Mail catcher (every email the stack and the app send): ${info.mail.inboxUrl}`);
		say(`Demo accounts, password ${demoPassword}:`);
		for (const { email, role } of demoAccounts) say(`  ${email.padEnd(24)} ${role}`);
		say('Press Ctrl-C to stop.');
	}
} catch (error) {
	warn(/** @type {Error} */ (error).message);
	void shutdown(1);
}
