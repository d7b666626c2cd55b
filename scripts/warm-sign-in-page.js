// Under `vite dev` the first page answers only once its server render has loaded some 175 modules,
// one import after the other: each is read, compiled and transformed when the module that imports
// it runs. Started when vite listens, the sign-in page's modules are transformed ahead of that chain
// (and with them whatever they import statically: `preTransformRequests` for the server, as vite
// does for the browser), so the render finds them compiled, and vite's thread is not idle while one
// file is read. Also Tailwind's stylesheet, which SvelteKit inlines into that first page last. Not
// vite's `server.warmup.ssrFiles`: it names files, not requests, so not that `?inline` stylesheet.
export const signInPage = [
	// SvelteKit's server, as its dev server names it (the first import of every request).
	'/node_modules/@sveltejs/kit/src/runtime/server/index.js',
	'/src/hooks.server.ts',
	'/src/routes/+layout.server.ts',
	'/src/routes/+layout.svelte',
	'/src/routes/(auth)/+layout.svelte',
	'/src/routes/(auth)/login/+page.server.ts',
	'/src/routes/(auth)/login/+page.svelte',
	'/src/app.css?inline'
];
/** @type {import('vite').Plugin} */
export const warmSignInPage = {
	name: 'autocrm:warm-sign-in-page',
	// Not under vitest: its runs never render the sign-in page.
	apply: () => !process.env.VITEST,
	configEnvironment: (name, _config, env) =>
		name === 'ssr' && env.command === 'serve' ? { dev: { preTransformRequests: true } } : undefined,
	configureServer(server) {
		server.httpServer?.once('listening', () => {
			const ssr = server.environments.ssr;
			for (const url of signInPage) void ssr.warmupRequest(url);
		});
	}
};
