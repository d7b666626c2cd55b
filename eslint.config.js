import prettier from 'eslint-config-prettier';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import unusedProps from './lint-rules/unused-props.js';

// The app and the local stack meet only over the Supabase wire protocol and the SQL in supabase/
// (ARCHITECTURE.md, section 1): neither imports the other. A relative import reaches the project root
// after as many `../` as the importing file is folders deep, so each depth gets its own pattern.
const boundaryMessage =
	'src/ and stack/ never import each other: they meet over the Supabase API and supabase/ only.';

const apart = (from, other, extraPatterns = []) =>
	Array.from({ length: 12 }, (_, depth) => ({
		files: [`${from}/${'*/'.repeat(depth)}*.{js,ts,svelte}`],
		rules: {
			'no-restricted-imports': [
				'error',
				{
					patterns: [
						{ regex: `^(\\.\\./){${depth + 1}}${other}(/|$)`, message: boundaryMessage },
						...extraPatterns
					]
				}
			]
		}
	}));

export default ts.config(
	{ ignores: ['.svelte-kit/', 'build/', '.data/', 'test-results/', 'playwright-report/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: {
			// TypeScript already reports undefined names, with types in view.
			'no-undef': 'off',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			]
		}
	},
	...apart('src', 'stack'),
	...apart('stack', 'src', [
		{
			regex: '^\\$(lib|app|env|service-worker)(/|$)',
			message: `${boundaryMessage} SvelteKit's modules are the app's alone.`
		}
	]),
	{
		// A page is acted on only once it has hydrated (before that, a click does nothing and a word
		// typed is lost): the browser tests open and reload pages through tests/e2e/support/pages.ts,
		// which waits for it.
		files: ['tests/e2e/**/*.ts'],
		ignores: ['tests/e2e/support/pages.ts'],
		rules: {
			'no-restricted-syntax': [
				'error',
				{
					selector: 'CallExpression > MemberExpression.callee[property.name=/^(goto|reload)$/]',
					message:
						'Open pages with visit() and reload them with reload() from tests/e2e/support/pages.ts: they wait until the page has hydrated.'
				}
			]
		}
	},
	{
		// Parsed without type information, which typescript-eslint's project service gave at ~0.7 s of CPU a
		// file (most of ESLint's time). Three enabled rules read types: svelte/no-unused-props reports
		// nothing without them (the local rule below finds unused props of the component's own props type
		// from the syntax); svelte/require-store-reactive-access then knows only the stores the file
		// creates (the app has no stores); svelte/no-navigation-without-resolve reads them only to accept
		// a value typed ResolvedPathname, for the files listed next.
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: { parserOptions: { parser: ts.parser, svelteConfig } },
		plugins: { autocrm: { rules: { 'unused-props': unusedProps } } },
		rules: { 'svelte/no-unused-props': 'off', 'autocrm/unused-props': 'error' }
	},
	{
		// These link to or goto() a ResolvedPathname that another module resolved (a portal's home, a queue
		// URL): svelte/no-navigation-without-resolve sees it is resolved only from its type. A file that
		// newly does so fails that rule until it is listed here.
		files: [
			'src/lib/components/layout/{app-sidebar,command-palette,portal-header,portal-shell,portal-switcher,sidebar-nav}.svelte',
			'src/lib/components/notifications/notification-bell.svelte',
			'src/lib/components/queue/{columns-menu,filter-bar,queue-table,search-box,view-list,view-switcher}.svelte',
			'src/routes/account/+layout.svelte',
			'src/routes/admin/people/\\[id\\]/view-as/+page.svelte',
			'src/routes/admin/settings/+layout.svelte',
			'src/routes/agent/+page.svelte'
		],
		languageOptions: { parserOptions: { projectService: true, extraFileExtensions: ['.svelte'] } }
	}
);
