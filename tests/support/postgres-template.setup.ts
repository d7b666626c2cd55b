// The stack-postgres project's run: names this run's template and test databases (postgres-template.ts)
// and drops those left at its end, so a persistent TEST_DATABASE_URL server keeps none from run to run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { templatePrefix, testDatabasePrefix } from './postgres-template';

export default function setup(project: TestProject) {
	const run = randomBytes(4).toString('hex');
	project.provide('postgresTemplateRun', run);
	return async () => {
		const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
		await admin.connect();
		try {
			const { rows } = await admin.query<{ name: string }>(
				`select datname as name from pg_database
				where starts_with(datname, $1) or starts_with(datname, $2)`,
				[templatePrefix(run), testDatabasePrefix(run)]
			);
			for (const { name } of rows) {
				// A template database cannot be dropped while it is one.
				if (name.startsWith(templatePrefix(run)))
					await admin.query(`alter database ${name} is_template false`);
				// A test database's own drop may have ended meanwhile.
				await admin.query(`drop database if exists ${name} with (force)`);
			}
		} finally {
			await admin.end();
		}
	};
}
