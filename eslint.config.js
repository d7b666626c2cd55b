import prettier from 'eslint-config-prettier';
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

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
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		}
	}
);
