// The schema cache kept current: loaded at start, reloaded on `NOTIFY pgrst, 'reload schema'` (or
// 'reload config', or an empty payload) as PostgREST does, each time with the in-database
// configuration. Requests wait for a reload in flight, so a request sent after the NOTIFY sees the
// new schema and configuration.
import type { Database } from '../../db';
import { loadCatalog } from './load-catalog';
import type { Catalog } from './types';

export interface SchemaCache {
	/** The catalog, or the reload under way: a loaded catalog is answered without a promise. */
	current(): Catalog | Promise<Catalog>;
	reload(): Promise<Catalog>;
	close(): Promise<void>;
}

const reloadPayloads = new Set(['', 'reload schema', 'reload config']);

export async function createSchemaCache(
	db: Database,
	schemas: string[],
	log: (line: string) => void
): Promise<SchemaCache> {
	let latest = await loadCatalog(db, schemas, log);
	let loading: Promise<Catalog> | undefined;
	let again = false;

	const reload = (): Promise<Catalog> => {
		// One reload at a time; NOTIFYs arriving meanwhile fold into one more.
		if (loading) {
			again = true;
			return loading;
		}
		loading = (async () => {
			try {
				do {
					again = false;
					latest = await loadCatalog(db, schemas, log, latest);
				} while (again);
			} catch (error) {
				log(`rest: schema cache reload failed: ${(error as Error).message}`);
			} finally {
				loading = undefined;
			}
			return latest;
		})();
		return loading;
	};

	const unlisten = await db.listen('pgrst', (payload) => {
		if (reloadPayloads.has(payload.trim())) void reload();
	});

	return {
		current: () => loading ?? latest,
		reload,
		close: unlisten
	};
}
