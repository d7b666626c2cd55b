// Opens the stack's database from its options (memory, a data folder, or a PostgreSQL URL) and brings
// it up to date. In-memory databases start from a cached image of an identical earlier start, which
// turns a multi-second PGlite initdb into well under a second.
import { mkdir, readFile, rename, stat, writeFile, access, constants } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	bootstrap,
	checkBootstrap,
	hashOf,
	isFresh,
	migrate,
	readMigrations,
	readSeeds,
	seed,
	type SqlFile
} from './migrate';
import { openPglite } from './pglite';
import { openPostgres } from './postgres';
import type { Database } from './types';

export type DataOption = { memory: true } | { dataDir: string } | { databaseUrl: string };

export interface OpenDatabaseOptions {
	workdir: string;
	data: DataOption;
	/** The image's bootstrap: db/bootstrap.sql, then each service's own schema. */
	bootstrapScripts: SqlFile[];
	seedPaths: string[] | false;
	/** Extensions the image provides itself; creating them in a migration or seed is skipped. */
	providedExtensions?: string[];
}

export class DataFolderError extends Error {
	name = 'DataFolderError';
}

export interface OpenedDatabase {
	db: Database;
	/** True when this start created the database (and so seeded it). */
	created: boolean;
	/** Migration versions applied by this start. */
	applied: string[];
}

/** Cached images older than this are rebuilt, so seeds using now() stay close to the present. */
const imageMaxAgeMs = 6 * 60 * 60 * 1000;
const imageCacheDir = () => process.env.STACK_IMAGE_CACHE || join(tmpdir(), 'autocrm-stack-images');

export async function openDatabase(options: OpenDatabaseOptions): Promise<OpenedDatabase> {
	const bootstrapHash = hashOf(...options.bootstrapScripts.map((s) => s.sql));
	const migrations = await readMigrations(options.workdir);
	const seeds = options.seedPaths ? await readSeeds(options.workdir, options.seedPaths) : [];
	const { data } = options;

	if ('memory' in data) {
		const key = hashOf(
			bootstrapHash,
			...migrations.flatMap((m) => [m.path, m.sql]),
			...seeds.flatMap((s) => [s.path, s.sql])
		);
		const imagePath = join(imageCacheDir(), `${key}.tgz`);
		const image = await readImage(imagePath);
		if (image) {
			const db = await openPglite({ image });
			return { db, created: true, applied: [] };
		}
		const db = await openPglite();
		const opened = await prepare(
			db,
			options,
			bootstrapHash,
			migrations,
			seeds,
			'the in-memory database'
		);
		await writeImage(imagePath, await db.dump());
		return opened;
	}

	if ('dataDir' in data) {
		const db = await openDataDir(data.dataDir);
		return prepare(db, options, bootstrapHash, migrations, seeds, `data folder ${data.dataDir}`);
	}

	const db = await openPostgres(data.databaseUrl);
	return prepare(db, options, bootstrapHash, migrations, seeds, 'the database at DATABASE_URL');
}

async function prepare(
	db: Database,
	options: OpenDatabaseOptions,
	bootstrapHash: string,
	migrations: Awaited<ReturnType<typeof readMigrations>>,
	seeds: SqlFile[],
	where: string
): Promise<OpenedDatabase> {
	try {
		const created = await isFresh(db);
		if (created) await bootstrap(db, options.bootstrapScripts, bootstrapHash);
		else await checkBootstrap(db, bootstrapHash, where);
		const provided = options.providedExtensions ?? [];
		const applied = await migrate(db, migrations, provided);
		if (created) await seed(db, seeds, provided);
		return { db, created, applied };
	} catch (error) {
		await db.close().catch(() => {});
		throw error;
	}
}

async function openDataDir(dataDir: string): Promise<Database> {
	try {
		await mkdir(dataDir, { recursive: true });
		await access(dataDir, constants.R_OK | constants.W_OK);
	} catch (error) {
		throw new DataFolderError(`cannot open data folder ${dataDir}: ${(error as Error).message}`);
	}
	try {
		return await openPglite({ dataDir });
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		throw new DataFolderError(
			`cannot open data folder ${dataDir} (${detail}); remove it or run \`npm run db:reset\``
		);
	}
}

async function readImage(path: string): Promise<Blob | undefined> {
	if (process.env.STACK_IMAGE_CACHE === 'off') return undefined;
	try {
		const { mtimeMs } = await stat(path);
		if (Date.now() - mtimeMs > imageMaxAgeMs) return undefined;
		return new Blob([await readFile(path)]);
	} catch {
		return undefined;
	}
}

async function writeImage(path: string, image: Blob): Promise<void> {
	if (process.env.STACK_IMAGE_CACHE === 'off') return;
	// Written aside and renamed, so a parallel start never reads half an image.
	const partial = `${path}.${process.pid}.partial`;
	try {
		await mkdir(imageCacheDir(), { recursive: true });
		await writeFile(partial, Buffer.from(await image.arrayBuffer()));
		await rename(partial, path);
	} catch {
		// A cache that cannot be written only costs the next start its speed.
	}
}
