// A database of a benchmark's own for the scale suites: on BENCH_DATABASE_URL's server when set (the
// shared test server, say), else on a throwaway PostgreSQL 15 cluster.
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { createDatabase, startPostgres } from './postgres';

export async function ownDatabase(
	prefix: string
): Promise<{ url: string; drop: () => Promise<void> }> {
	const shared = process.env.BENCH_DATABASE_URL;
	if (shared) {
		const name = `${prefix}_${randomBytes(4).toString('hex')}`;
		const run = async (sql: string) => {
			const admin = new pg.Client({ connectionString: shared });
			await admin.connect();
			try {
				await admin.query(sql);
			} finally {
				await admin.end();
			}
		};
		await run(`create database ${name}`);
		const url = new URL(shared);
		url.pathname = `/${name}`;
		return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`) };
	}
	const cluster = await startPostgres();
	return { url: createDatabase(cluster, prefix), drop: () => cluster.stop() };
}
