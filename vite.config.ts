import { sveltekit } from '@sveltejs/kit/vite';
import tailwindcss from '@tailwindcss/vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { chromiumArgs, chromiumPath } from './scripts/chromium.js';

// Playwright, for the component tests, only under vitest: loading it cost every `npm run dev` about a
// second before vite could start.
const { playwright } = process.env.VITEST
	? await import('@vitest/browser-playwright')
	: { playwright: undefined };

// Suites that start a local stack run on in-memory PGlite, and again on PostgreSQL when
// TEST_DATABASE_URL names a server (CI starts a PostgreSQL 15 for that).
const stackSuite = (name: string, db: 'pglite' | 'postgres'): TestProjectInlineConfiguration => ({
	test: {
		name,
		environment: 'node',
		include: ['tests/stack/**/*.spec.ts', 'tests/db/**/*.spec.ts'],
		env: { STACK_TEST_DB: db },
		// Generous: some tests start a stack or a process, which a loaded shared machine makes slow.
		testTimeout: 90_000,
		hookTimeout: 120_000
	}
});

export default defineConfig({
	plugins: [tailwindcss(), sveltekit()],
	ssr: {
		// Server rendering in dev compiles Svelte libraries file by file, and importing a bits-ui part
		// imports all of them: some 800 modules before the sign-in page could answer, at every start.
		// Pre-bundled, they are compiled once and kept in node_modules/.vite between starts.
		optimizeDeps: { include: ['bits-ui', 'mode-watcher', 'svelte-sonner'] }
	},
	test: {
		expect: { requireAssertions: true },
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
					exclude: ['src/**/*.svelte.{test,spec}.{js,ts}']
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
			...(process.env.TEST_DATABASE_URL ? [stackSuite('stack-postgres', 'postgres')] : []),
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
