// Brings a database to the state `supabase start` would give it: the image's bootstrap once, then the
// project's migrations in filename order (each in its own transaction, recorded like the CLI), then
// the seed on a fresh database.
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { withoutProvidedExtensions } from './provided-extensions';
import { lineAt, splitSql } from './split-sql';
import { isPostgresError, type Database, type Queryable } from './types';

export class MigrationError extends Error {
	name = 'MigrationError';
}

export interface SqlFile {
	/** Path relative to the workdir, as error messages name it. */
	path: string;
	sql: string;
}

export interface Migration extends SqlFile {
	version: string;
	name: string;
}

const migrationName = /^(\d+)_(.+)\.sql$/;

export async function readMigrations(workdir: string): Promise<Migration[]> {
	const folder = join(workdir, 'supabase', 'migrations');
	let files: string[];
	try {
		files = await readdir(folder);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	const migrations: Migration[] = [];
	for (const file of files.filter((f) => f.endsWith('.sql')).sort()) {
		const match = migrationName.exec(file);
		// The CLI skips files that do not follow <timestamp>_<name>.sql; so do we.
		if (!match) continue;
		const path = join('supabase', 'migrations', file);
		migrations.push({
			path,
			version: match[1],
			name: match[2],
			sql: await readFile(join(workdir, path), 'utf8')
		});
	}
	return migrations;
}

export async function readSeeds(workdir: string, sqlPaths: string[]): Promise<SqlFile[]> {
	const seeds: SqlFile[] = [];
	for (const relative of sqlPaths) {
		if (/[*?[]/.test(relative)) {
			throw new MigrationError(
				`seed path "${relative}": glob patterns are not supported by the local stack`
			);
		}
		const path = join('supabase', relative);
		try {
			seeds.push({ path, sql: await readFile(resolve(workdir, path), 'utf8') });
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
		}
	}
	return seeds;
}

export const hashOf = (...parts: string[]) => {
	const hash = createHash('sha256');
	for (const part of parts) hash.update(part).update('\0');
	return hash.digest('hex');
};

function describeFailure(file: SqlFile, error: unknown): MigrationError {
	if (isPostgresError(error)) {
		const position = Number(error.position);
		const where = position > 0 ? ` (line ${lineAt(file.sql, position - 1)})` : '';
		return new MigrationError(
			`${file.path} failed${where}: ${error.message} [SQLSTATE ${error.code}]`
		);
	}
	return new MigrationError(
		`${file.path} failed: ${error instanceof Error ? error.message : String(error)}`
	);
}

/** True when the database has not been bootstrapped yet. */
export async function isFresh(db: Database): Promise<boolean> {
	const { rows } = await db.query<{ ready: boolean }>(
		`select to_regclass('_stack.bootstrap') is not null as ready`
	);
	return !rows[0].ready;
}

/** Runs the bootstrap scripts on a fresh database and records their hash. */
export async function bootstrap(db: Database, scripts: SqlFile[], hash: string): Promise<void> {
	await db.transaction(async (tx) => {
		// Roles are cluster-wide: two databases bootstrapping at once on one server would otherwise
		// race on pg_authid ("tuple concurrently updated"). Locking the shared catalog serializes them.
		await tx.exec('lock table pg_catalog.pg_authid in share row exclusive mode');
		for (const script of scripts) {
			try {
				await tx.exec(script.sql);
			} catch (error) {
				throw describeFailure(script, error);
			}
		}
		// A service's own schema file may already have created _stack for its tables.
		await tx.exec(
			`create schema if not exists _stack; create table _stack.bootstrap (hash text not null);`
		);
		await tx.query(`insert into _stack.bootstrap (hash) values ($1)`, [hash]);
	});
}

/** Fails when a kept database was bootstrapped by a different version of the stack. */
export async function checkBootstrap(db: Database, hash: string, where: string): Promise<void> {
	const { rows } = await db.query<{ hash: string }>(`select hash from _stack.bootstrap`);
	if (rows[0]?.hash !== hash) {
		throw new MigrationError(
			`${where} was created by another version of the local stack; run \`npm run db:reset\` to recreate it`
		);
	}
}

/**
 * Runs a migration or seed file as the CLI does: with the search path the postgres role has in
 * Supabase's image (so `gen_salt()` or `uuid_generate_v4()` need no `extensions.`), and with the
 * session settings the file changed reset afterwards (the CLI's `RESET ALL`), so they reach neither
 * the next file nor the services sharing the connection.
 */
async function runAsTheCli(tx: Queryable, sql: string): Promise<void> {
	await tx.exec(`set local search_path to "$user", public, extensions`);
	await tx.exec(sql);
	await tx.exec('reset all');
}

/**
 * Applies the migrations not yet recorded; returns the versions applied now. `create extension` of
 * an extension in `provided` (built into the image by a service) is skipped.
 */
export async function migrate(
	db: Database,
	migrations: Migration[],
	provided: string[] = []
): Promise<string[]> {
	const { rows } = await db.query<{ version: string }>(
		'select version from supabase_migrations.schema_migrations'
	);
	const done = new Set(rows.map((r) => r.version));
	const applied: string[] = [];
	for (const migration of migrations) {
		if (done.has(migration.version)) continue;
		await db
			.transaction(async (tx) => {
				await runAsTheCli(tx, withoutProvidedExtensions(migration.sql, provided));
				await tx.query(
					`insert into supabase_migrations.schema_migrations (version, name, statements)
					 values ($1, $2, array(select jsonb_array_elements_text($3::jsonb)))`,
					[migration.version, migration.name, JSON.stringify(splitSql(migration.sql))]
				);
			})
			.catch((error) => {
				throw describeFailure(migration, error);
			});
		applied.push(migration.version);
	}
	return applied;
}

/** Applies seed files (once, on a fresh database), recording them as the CLI does. */
export async function seed(db: Database, seeds: SqlFile[], provided: string[] = []): Promise<void> {
	for (const file of seeds) {
		await db
			.transaction(async (tx) => {
				await runAsTheCli(tx, withoutProvidedExtensions(file.sql, provided));
				await tx.query(
					`insert into supabase_migrations.seed_files (path, hash) values ($1, $2)
					 on conflict (path) do update set hash = excluded.hash`,
					[basename(file.path), hashOf(file.sql)]
				);
			})
			.catch((error) => {
				throw describeFailure(file, error);
			});
	}
}
