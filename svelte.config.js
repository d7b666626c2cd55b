import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		// '*' turns SvelteKit's cross-site form check off: the first hook applies the same rule
		// (src/lib/server/hooks/cross-site-forms.ts), in dev too, sparing only RFC 8058 one-click
		// unsubscribe posts, which mail providers send from their own servers.
		csrf: { trustedOrigins: ['*'] },
		// SvelteKit adds a nonce (or, for prerendered pages, a hash) for the scripts it writes; the hook
		// adds the Supabase project's URL, known only at run time (src/lib/server/hooks).
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				// Components position popovers and toasts with style attributes.
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		typescript: {
			// The stack, benchmarks and scripts are type-checked with the app, under the same rules.
			config: (config) => {
				config.include.push('../stack/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.js');
			}
		}
	}
};

export default config;
