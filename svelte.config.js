import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter(),
		typescript: {
			// The stack, benchmarks and scripts are type-checked with the app, under the same rules.
			config: (config) => {
				config.include.push('../stack/**/*.ts', '../bench/**/*.ts', '../scripts/**/*.js');
			}
		}
	}
};

export default config;
