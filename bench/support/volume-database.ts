// A PostgreSQL database with the project's schema, the seed and generated tickets
// (tests/support/ticket-volume.ts), kept between runs: generating a million tickets takes a while,
// so the database is named after what made it (migrations, seed, generator, size) and reused while
// those stay the same. Benchmarks that write to it (bulk actions) only move tickets between agents
// and statuses, so the shape of the data stays.
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { createStack } from '../../stack';
import { volumeSql, type VolumeOptions } from '../../tests/support/ticket-volume';

const root = join(import.meta.dirname, '..', '..');

/** A short hash of everything the generated database is made of. */
async function fingerprint(options: VolumeOptions): Promise<string> {
	const hash = createHash('sha256');
	const migrations = join(root, 'supabase', 'migrations');
	for (const file of (await readdir(migrations)).sort()) {
		hash.update(file).update(await readFile(join(migrations, file)));
	}
	hash.update(await readFile(join(root, 'supabase', 'seed.sql')));
	hash.update(JSON.stringify(volumeSql(options)));
	return hash.digest('hex').slice(0, 10);
}

const withClient = async <T>(url: string, work: (client: pg.Client) => Promise<T>) => {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		return await work(client);
	} finally {
		await client.end();
	}
};

/** Loads the generated tickets into a migrated, seeded database. */
export async function loadVolume(
	query: (sql: string) => Promise<unknown>,
	options: VolumeOptions,
	log: (line: string) => void
) {
	await query('begin');
	for (const statement of volumeSql(options)) {
		const start = performance.now();
		await query(statement);
		log(`  ${Math.round(performance.now() - start)} ms: ${statement.trim().split('\n')[0]}`);
	}
	await query('commit');
}

/**
 * The URL of a database on the server at `adminUrl` holding the volume, made (migrated by the local
 * stack, seeded, filled, vacuumed and analysed) only if no identical one exists.
 */
export async function volumeDatabase(
	adminUrl: string,
	options: VolumeOptions,
	log: (line: string) => void = console.error
): Promise<string> {
	const name = `autocrm_queue_${options.tickets}_${await fingerprint(options)}`;
	const url = new URL(adminUrl);
	url.pathname = `/${name}`;
	const ready = await withClient(adminUrl, async (admin) => {
		const { rows } = await admin.query('select 1 from pg_database where datname = $1', [name]);
		if (rows.length === 0) return false;
		return withClient(url.toString(), async (client) => {
			const marker = await client.query(`select to_regclass('public._bench_ready') as marker`);
			return marker.rows[0].marker !== null;
		});
	});
	if (ready) return url.toString();

	log(`generating ${options.tickets.toLocaleString('en')} tickets in ${name} (once)…`);
	await withClient(adminUrl, async (admin) => {
		await admin.query(`drop database if exists ${name} with (force)`);
		await admin.query(`create database ${name}`);
	});
	const stack = await createStack({
		workdir: root,
		port: 0,
		data: 'memory',
		databaseUrl: url.toString()
	});
	await stack.stop();
	await withClient(url.toString(), async (client) => {
		await loadVolume((sql) => client.query(sql), options, log);
		await client.query('vacuum analyze');
		// A table, not a comment: it is how a later run knows the data is complete. RLS on, no policy,
		// so the linter rule holds and no API role can read it.
		await client.query('create table public._bench_ready (at timestamptz default now())');
		await client.query('alter table public._bench_ready enable row level security');
		await client.query('insert into public._bench_ready default values');
	});
	return url.toString();
}
