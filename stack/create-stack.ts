// Starts the whole local stack in this process: database, services, one HTTP server.
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Clock } from './clock';
import { loadConfig, type Environment, type StackConfig } from './config';
import { openDatabase, type DataOption, type Database, type SqlFile } from './db';
import { createGateway, type Gateway, type StackContext, type StackService } from './http';
import { createJwtCodec, createKeys, loadSigningKeys, type StackKeys } from './keys';
import { services } from './services';

export interface StackOptions {
	/** The folder holding `supabase/` (default: the current directory). */
	workdir?: string;
	/** 0 picks a free port (default 54321, like the CLI). */
	port?: number;
	/**
	 * `'memory'` or a data folder (default `<workdir>/.data`). With `databaseUrl`, only storage's
	 * object bytes go there (`'memory'` keeps them in memory, as tests do).
	 */
	data?: 'memory' | string;
	/** A real PostgreSQL to use instead of PGlite. */
	databaseUrl?: string;
	/**
	 * The mail catcher's web inbox and SMTP ports (default: [inbucket] port and smtp_port; with
	 * `port: 0`, free ports, so parallel stacks never collide). `false` starts neither.
	 */
	mail?: { inboxPort?: number; smtpPort?: number } | false;
	/** Where log lines go (default: nowhere). */
	log?: (line: string) => void;
	/**
	 * Variables overriding config.toml as `SUPABASE_<KEY>` does for the CLI (default: this process's
	 * environment), e.g. `SUPABASE_AUTH_RATE_LIMIT_TOKEN_REFRESH` for a test stack's higher limits.
	 */
	env?: Environment;
	/** The clock cron jobs are scheduled by (default: the system clock); tests move one by hand. */
	clock?: Clock;
}

export interface Stack {
	url: string;
	port: number;
	keys: StackKeys;
	config: StackConfig;
	db: Database;
	/** True when this start created (and seeded) the database. */
	created: boolean;
	/** The mail catcher's web inbox and SMTP listener, when they run. */
	mail: { inboxUrl: string; smtpUrl: string | undefined } | undefined;
	stop(): Promise<void>;
	[Symbol.asyncDispose](): Promise<void>;
}

export class PortInUseError extends Error {
	name = 'PortInUseError';
}

const listen = (server: Server, port: number) =>
	new Promise<number>((resolvePort, reject) => {
		const onError = (error: NodeJS.ErrnoException) =>
			reject(
				error.code === 'EADDRINUSE'
					? new PortInUseError(`port ${port} is already in use; pick another with --port`)
					: error
			);
		server.once('error', onError);
		server.listen(port, '127.0.0.1', () => {
			server.off('error', onError);
			resolvePort((server.address() as AddressInfo).port);
		});
	});

async function bootstrapScripts(workdir: string): Promise<SqlFile[]> {
	const files = [
		new URL('./db/bootstrap.sql', import.meta.url),
		...services.flatMap((s) => s.schemaFiles ?? [])
	];
	return Promise.all(
		files.map(async (file) => {
			const path = fileURLToPath(file);
			return { path: relative(workdir, path), sql: await readFile(path, 'utf8') };
		})
	);
}

/** Where storage keeps object bytes: in the data folder, also beside a real PostgreSQL, so they
 * outlive a restart as the rows do; in memory only when asked. */
function storageDir(workdir: string, options: StackOptions): string | undefined {
	if (options.data === 'memory') return undefined;
	return join(resolve(workdir, options.data ?? '.data'), 'storage');
}

/** The catcher's ports: asked for, or the config's, or free ones beside a free API port. */
function mailPorts(config: StackConfig, options: StackOptions): StackContext['mailPorts'] {
	if (options.mail === false || !config.inbucket.enabled) return undefined;
	const auto = options.port === 0;
	const configuredSmtp = config.inbucket.smtp_port;
	return {
		inbox: options.mail?.inboxPort ?? (auto ? 0 : config.inbucket.port),
		smtp:
			options.mail?.smtpPort ??
			(configuredSmtp === undefined ? undefined : auto ? 0 : configuredSmtp)
	};
}

function dataOption(workdir: string, options: StackOptions): DataOption {
	if (options.databaseUrl) return { databaseUrl: options.databaseUrl };
	if (options.data === 'memory') return { memory: true };
	return { dataDir: resolve(workdir, options.data ?? '.data') };
}

/** `[auth] signing_keys_path`, which the CLI reads relative to the supabase/ folder. */
function signingKeysFile(workdir: string, config: StackConfig): string | undefined {
	const path = config.auth.signing_keys_path;
	if (path === undefined) return undefined;
	return isAbsolute(path) ? path : join(workdir, 'supabase', path);
}

export async function createStack(options: StackOptions = {}): Promise<Stack> {
	const workdir = resolve(options.workdir ?? '.');
	const log = options.log ?? (() => {});
	const config = await loadConfig(workdir, options.env ?? process.env);
	const keys = await createKeys();
	const jwt = createJwtCodec(
		keys.jwtSecret,
		await loadSigningKeys(signingKeysFile(workdir, config))
	);

	// The port is taken first, so a clash fails at once; until the services are up it answers 503.
	let gateway: Gateway | undefined;
	const server = createServer((req, res) => {
		if (gateway) return void gateway.handle(req, res);
		res.writeHead(503, { 'content-type': 'application/json' });
		res.end(JSON.stringify({ message: 'The local stack is starting.' }));
	});
	// Node closes idle keep-alive sockets after 5 s, undici's reuse window is the server's hint minus 1 s:
	// on a loaded machine a reused socket closes under the request ("other side closed"). A long window
	// makes the client, not the server, end idle sockets, as behind Supabase's own proxies.
	server.keepAliveTimeout = 75_000;
	server.headersTimeout = 76_000;
	const port = await listen(server, options.port ?? 54321);
	const apiUrl = `http://127.0.0.1:${port}`;

	const started: StackService[] = [];
	let db: Database | undefined;
	try {
		const data = dataOption(workdir, options);
		const opened = await openDatabase({
			workdir,
			data,
			bootstrapScripts: await bootstrapScripts(workdir),
			seedPaths: config.db.seed.enabled ? config.db.seed.sql_paths : false,
			providedExtensions: services.flatMap((s) => s.providedExtensions ?? [])
		});
		db = opened.db;
		const ctx: StackContext = {
			workdir,
			config,
			db,
			keys,
			jwt,
			apiUrl,
			dataDir: storageDir(workdir, options),
			mailPorts: mailPorts(config, options),
			log,
			clock: options.clock
		};
		for (const module of services) started.push(await module.create(ctx));
		gateway = createGateway(
			keys,
			started.flatMap((s) => s.routes),
			started.flatMap((s) => s.upgrades ?? []),
			log,
			{ requireApiKey: config.api.require_api_key }
		);
		const live = gateway;
		server.on('upgrade', (req, socket, head) => live.upgrade(req, socket, head));

		let stopping: Promise<void> | undefined;
		const stop = () =>
			(stopping ??= (async () => {
				for (const service of started.reverse()) await service.close?.();
				server.closeAllConnections();
				await new Promise<void>((done) => server.close(() => done()));
				await db?.close();
			})());

		return {
			url: apiUrl,
			port,
			keys,
			config,
			db,
			created: opened.created,
			mail: started.find((service) => service.mail)?.mail,
			stop,
			[Symbol.asyncDispose]: stop
		};
	} catch (error) {
		for (const service of started.reverse()) await service.close?.().catch(() => {});
		await db?.close().catch(() => {});
		server.closeAllConnections();
		await new Promise<void>((done) => server.close(() => done()));
		throw error;
	}
}
