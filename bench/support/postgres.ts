// A throwaway PostgreSQL 15 cluster for benchmarks, from the Debian binaries: initdb in a temporary
// folder, started on a free port, removed on stop. Runs the server as `postgres` when we are root.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../scripts/free-port.js';

const pgBin = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
	/** A URL to the `postgres` database as the superuser. */
	url: string;
	stop(): Promise<void>;
}

export const hasPostgres = () => existsSync(join(pgBin, 'initdb'));

export async function startPostgres(
	options: { maxConnections?: number } = {}
): Promise<PostgresCluster> {
	const root = await mkdtemp(join(tmpdir(), 'autocrm-pg-'));
	await chmod(root, 0o777);
	const asRoot = process.getuid?.() === 0;
	const run = (command: string, args: string[]) => {
		const file = join(pgBin, command);
		const result = asRoot
			? spawnSync('su', ['postgres', '-c', [file, ...args].map((a) => `'${a}'`).join(' ')], {
					encoding: 'utf8'
				})
			: spawnSync(file, args, { encoding: 'utf8' });
		if (result.status !== 0)
			throw new Error(`${command} failed: ${result.stderr || result.stdout}`);
	};
	const data = join(root, 'data');
	const port = await freePort();
	run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust']);
	run('pg_ctl', [
		'-D',
		data,
		'-w',
		'-l',
		join(root, 'log'),
		'-o',
		`-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=${options.maxConnections ?? 300} -c fsync=off`,
		'start'
	]);
	return {
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		async stop() {
			try {
				run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
			} finally {
				await rm(root, { recursive: true, force: true });
			}
		}
	};
}

/** Creates an empty database in the cluster and returns its URL. */
export function createDatabase(cluster: PostgresCluster, name: string): string {
	execFileSync('psql', [cluster.url, '-qc', `create database ${name}`]);
	const url = new URL(cluster.url);
	url.pathname = `/${name}`;
	return url.toString();
}
