import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { availableParallelism } from 'node:os';
import type { Plugin } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './scripts/chromium.js';
import { warmSignInPage } from './scripts/warm-sign-in-page.js';
import { unitSpecsMockingModules } from './tests/support/unit-specs-mocking-modules.js';

// Playwright, for the component tests, only under vitest: loading it cost every `npm run dev` about a
// second before vite could start.
const { playwright } = process.env.VITEST
	? await import('@vitest/browser-playwright')
	: { playwright: undefined };

// Under `vite dev` the server render imports a stylesheet only for SvelteKit to find it and inline its
// `?inline` variant into the page; vite turns the import itself into an empty module there. Compiling
// it anyway ran Tailwind's build and its scan of every source file a second time before the first
// page could answer. The browser's stylesheet and the inlined one are compiled as before.
const serverSkipsStylesheets: Plugin = {
	name: 'autocrm:server-skips-stylesheets',
	apply: 'serve',
	enforce: 'pre',
	applyToEnvironment: (environment) => environment.config.consumer === 'server',
	transform: {
		filter: { id: { include: /\.css$/, exclude: /\.module\.css$/ } },
		handler: () => ({ code: '', map: null })
	}
};

const onPostgresToo = Boolean(process.env.TEST_DATABASE_URL);

// tests/db files that prove the stack's own behaviour on PGlite, not only our schema's SQL: they run on
// both databases. The others assert SQL and RLS semantics, which PostgreSQL 15 (Supabase's own) decides;
// with TEST_DATABASE_URL set they run there only, otherwise (no PostgreSQL on the machine) on PGlite.
const dbSpecsOnPglite = [
	// The migrations and the seed must apply on PGlite, the database `npm run dev` runs on.
	'tests/db/migrations.spec.ts',
	// Realtime's change feed on PGlite is the stack's own (no logical replication there).
	'tests/db/realtime.matrix.spec.ts',
	// Storage policies enforced through the stack's storage service on PGlite.
	'tests/db/storage.attachments.spec.ts',
	// `npm run db:types` generates the committed types from PGlite.
	'tests/db/types.spec.ts',
	// Knowledge base search: typo tolerance needs the pg_trgm the stack loads into PGlite.
	'tests/db/kb.sql.spec.ts'
];
// Postgres only (with TEST_DATABASE_URL), each asserting our schema's SQL rather than the stack:
// automations.sql, business-hours.sql, history, routing.sql, sla.sql, ticket-query.sql and
// invitations.sql: functions and triggers at the SQL level; ticket-query.plan: PostgreSQL's plans
// are the ones production gets; rls.*: RLS policies (rls.two-factor's storage objects go through the
// same storage service storage.attachments proves on PGlite); bulk, hook, invitations,
// sign-in-lockouts: our SQL functions and hooks, whose calling by the Auth server tests/stack/auth.*
// prove on PGlite; config: reads config.toml, no database.

// Suites that start a local stack run on in-memory PGlite, and on PostgreSQL when TEST_DATABASE_URL
// names a server (CI starts a PostgreSQL 15 for that).
const stackSuite = (name: string, db: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
	test: {
		name,
		environment: 'node',
		include: [
			'tests/stack/**/*.spec.ts',
			...(db === 'pglite' && onPostgresToo ? dbSpecsOnPglite : ['tests/db/**/*.spec.ts'])
		],
		env: { STACK_TEST_DB: db },
		// On PostgreSQL the project's database is migrated once per run and copied per file.
		...(db === 'postgres' ? { globalSetup: ['tests/support/postgres-template.setup.ts'] } : {}),
		// Each file starts and stops its own stack, and none changes process-wide state (env, mocks,
		// timers), so files share a worker's module cache: the stack's modules, PGlite and supabase-js
		// load once per worker rather than once per file.
		isolate: false,
		// Generous: some tests start a stack or a process, which a loaded shared machine makes slow.
		testTimeout: 90_000,
		hookTimeout: 120_000
	}
});

export default defineConfig({
	plugins: [serverSkipsStylesheets, warmSignInPage, tailwindcss(), sveltekit()],
	server: {
		watch: {
			// Never sources: `npm run dev`'s database (PGlite writes there all the time, and its ~1,400
			// files were crawled at every start), the production build and reports. Nor, for the app,
			// what it never imports (the lint rule keeps the stack out): the stack, tests, SQL, docs and
			// benchmarks, half the files the watcher crawled before the first page answered, and the
			// unit tests beside the code (one file in six of src/). Vitest watches them, to run the
			// tests again.
			ignored: [
				...[
					'.data',
					'build',
					'bench/results',
					'playwright-report',
					...(process.env.VITEST ? [] : ['stack', 'tests', 'supabase', 'docs', 'bench'])
				].map((dir) => `${import.meta.dirname}/${dir}/**`),
				...(process.env.VITEST ? [] : [`${import.meta.dirname}/src/**/*.{spec,test}.{js,ts}`])
			]
		}
	},
	ssr: {
		// Server rendering in dev compiles Svelte libraries file by file, and importing a bits-ui part
		// imports all of them: some 800 modules before the sign-in page could answer, at every start.
		// Pre-bundled, they are compiled once and kept in node_modules/.vite between starts.
		optimizeDeps: { include: ['bits-ui', 'mode-watcher', 'svelte-sonner'] }
	},
	test: {
		expect: { requireAssertions: true },
		// Vitest's default (one less than the cores) is one worker on a 2-core machine, where most stack
		// tests spend part of their time awaiting sockets, timers and child processes: two keep both busy.
		maxWorkers: Math.max(2, availableParallelism() - 1),
		projects: [
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit',
					environment: 'node',
					include: [
						'src/**/*.{test,spec}.{js,ts}',
						'stack/**/*.{test,spec}.{js,ts}',
						'tests/lint/**/*.spec.ts'
					],
					exclude: ['src/**/*.svelte.{test,spec}.{js,ts}', ...unitSpecsMockingModules],
					// One worker per file cost a process start and a fresh import of every module the
					// file reaches: over a hundred files, most of the unit project's CPU. Shared workers
					// keep the module cache; vitest still restores mocks and spies after each file.
					isolate: false
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'unit-isolated',
					environment: 'node',
					include: unitSpecsMockingModules
				}
			},
			{
				// Components in a real Chromium (Debian's): focus, keyboard and layout as users get them.
				extends: './vite.config.ts',
				test: {
					name: 'components',
					include: ['src/**/*.svelte.{test,spec}.{js,ts}'],
					setupFiles: ['src/lib/components/ui/test-setup.ts'],
					testTimeout: 15_000,
					browser: {
						enabled: true,
						headless: true,
						provider: playwright?.({
							launchOptions: { executablePath: chromiumPath(), args: chromiumArgs }
						}),
						instances: [{ browser: 'chromium' }],
						screenshotFailures: false
					}
				}
			},
			stackSuite('stack', 'pglite'),
			...(onPostgresToo ? [stackSuite('stack-postgres', 'postgres')] : []),
			// Faults and fuzzing: stacks killed mid-write, tokens expiring under open sockets, and
			// seeded malformed requests to every service. Bounded: a few minutes of CPU in all; the
			// timeouts only cap a test that hangs, with room for a machine starved enough that one
			// stack takes minutes to start (a crash test starts two).
			{
				test: {
					name: 'reliability',
					environment: 'node',
					include: ['tests/reliability/**/*.spec.ts'],
					testTimeout: 600_000,
					hookTimeout: 600_000
				}
			}
		]
	}
});
