// The local stack as a process of its own, started as `npm run dev` starts it (from its bundle, see
// scripts/stack-bundle.js), so a test can kill it outright (kill -9) and start it again on the same
// port and data, as `npm run dev` does. Under tsx each start compiled the stack's modules again.
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import { bundledStack } from '../../../scripts/stack-bundle.js';
import { raisedAuthLimits } from '../../support/auth-limits';

export const projectRoot = join(import.meta.dirname, '..', '..', '..');

export interface StackProcessOptions {
	port: number;
	/** The data folder (storage bytes, and the PGlite database unless `databaseUrl`). */
	data: string;
	databaseUrl?: string;
	/** The folder holding `supabase/` (default: the project). */
	workdir?: string;
	/** More config.toml overrides (`SUPABASE_*`), on top of the raised auth limits. */
	env?: Record<string, string>;
}

export interface StackProcess {
	url: string;
	anon: string;
	serviceRole: string;
	child: ChildProcess;
	/** Resolves when the process has ended, however it ended. */
	exited: Promise<void>;
	client(key?: string): SupabaseClient;
	stop(): Promise<void>;
}

export async function startStackProcess(options: StackProcessOptions): Promise<StackProcess> {
	const { cli } = await bundledStack();
	const args = ['--enable-source-maps', cli, '--port', String(options.port)];
	args.push('--data', options.data);
	if (options.databaseUrl) args.push('--database-url', options.databaseUrl);
	if (options.workdir) args.push('--workdir', options.workdir);
	const child = spawn(process.execPath, args, {
		cwd: projectRoot,
		stdio: ['ignore', 'pipe', 'pipe'],
		// No mail catcher: its ports are the config's fixed ones, which other stacks of the
		// suite may hold at the same time.
		env: { ...process.env, ...raisedAuthLimits, SUPABASE_INBUCKET_ENABLED: 'false', ...options.env }
	});
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	let stderr = '';
	child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	return new Promise((resolve, reject) => {
		const printed: Record<string, string> = {};
		const lines = createInterface({ input: child.stdout! });
		lines.on('line', (line) => {
			const match = /^([^:]+): (.+)$/.exec(line);
			if (match) printed[match[1]] = match[2];
			if (!printed['API URL'] || !printed['anon key'] || !printed['service_role key']) return;
			lines.close();
			const url = printed['API URL'];
			const stack: StackProcess = {
				url,
				anon: printed['anon key'],
				serviceRole: printed['service_role key'],
				child,
				exited,
				client: (key = stack.anon) =>
					createClient(url, key, {
						auth: { persistSession: false, autoRefreshToken: false },
						realtime: { transport: WebSocket as never }
					}),
				stop: async () => {
					child.kill('SIGTERM');
					await exited;
				}
			};
			resolve(stack);
		});
		void exited.then(() => reject(new Error(`the stack exited before it was ready:\n${stderr}`)));
	});
}
