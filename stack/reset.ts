// `npm run db:reset`: drops the local data folder and builds the database again from migrations and seed.
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { createStack } from './create-stack';

const { values } = parseArgs({
	options: { workdir: { type: 'string' }, data: { type: 'string' } },
	strict: true
});

if (process.env.DATABASE_URL) {
	process.stderr.write(
		'db:reset: refusing to reset the database at DATABASE_URL; it resets the local data folder only\n'
	);
	process.exit(1);
}

const workdir = resolve(values.workdir ?? '.');
const dataDir = resolve(workdir, values.data ?? '.data');
try {
	await rm(dataDir, { recursive: true, force: true });
	const stack = await createStack({ workdir, data: dataDir, port: 0 });
	await stack.stop();
	process.stdout.write(`Recreated ${dataDir} from supabase/migrations and the seed.\n`);
} catch (error) {
	process.stderr.write(`db:reset: ${(error as Error).message}\n`);
	process.exit(1);
}
