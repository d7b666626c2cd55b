// `npm install`'s postinstall: applies patches/ to the installed dev dependencies (patch-package).
// A production install (`npm ci --omit=dev`) has neither those packages nor patch-package, and
// nothing to patch.
//
// patches/@sveltejs+kit+*.patch: SvelteKit's sync, which runs at every `vite dev` start, imported
// TypeScript whether or not it needed it (a second and more of CPU), and its clean-up deleted its own
// record of which route types are up to date (route_meta_data.json) and the root route's types, so
// every start rewrote all of them with TypeScript. Patched, a start with unchanged routes loads no
// TypeScript and writes no types. It also read the page options (`ssr`, `trailingSlash`…) of every
// route file with the TypeScript parser at each start (~0.3 s of CPU for 60 files); they are now kept
// by file text in node_modules/.cache/sveltekit. The newest 2.x (2.70.4) and 3.2.0 have the same code.
// Its "write only if changed" compared with what the same process last wrote, so every start rewrote
// all its generated files; it now compares with the file on disk first.
//
// patches/vite+*.patch: vite's server-side module runner registered Node's module hooks (for
// `import.meta.resolve`) as soon as it evaluated its first module. On Node 20 hooks run in the
// loader-hooks worker thread, and each registered chain is called for every later import, while
// `vite dev` renders its first page (Tailwind registers one of its own anyway). Patched, vite's are
// registered when a module first calls `import.meta.resolve`.
// It also mapped every server module it ran at every word boundary, the libraries too (SvelteKit's
// runtime, the pre-bundled dependencies, whose own maps it then combined with): most of the source
// maps' CPU before the first page. Patched, a file under node_modules gets a line-level map (each line
// mapped from its first token), so its frames keep file and line; the app's files keep their columns.
//
// patches/@sveltejs+vite-plugin-svelte+*.patch (and SvelteKit's): both imported `svelte/compiler`,
// whose `import` export is the compiler's source, some 250 ES modules and the ~280 CommonJS files of
// aria-query and axobject-query they load; its `require` export is the same compiler in one file,
// which Node loads with a quarter of the CPU. Patched, both require it, before every first page.
//
// patches/@tailwindcss+node+*.patch: Tailwind's node package registered module hooks of its own when
// imported (vite.config.ts imports it), so the loader-hooks worker still started and every later
// import of the start and the first page went through it. The hooks only pass the cache-busting id of
// a reloaded `@plugin`/`@config` file on to its imports; patched, they are registered just before
// Tailwind's first such import (this app's stylesheet has none, so none are registered).
//
// patches/@lucide+svelte+*.patch: every lucide icon renders through its Icon.svelte, which built the
// <svg>'s attributes through buildLucideIconNode (an entries-reduce, six object spreads, two class
// merges with their filter arrays) and copied them once more for the class: some 13 KB allocated per
// icon rendered, ~35 icons on the agent's ticket page. Patched, it builds the same attributes in the
// same order as one object, and an icon's own classes once per icon name; the markup is unchanged.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let cli;
try {
	cli = require.resolve('patch-package/dist/index.js');
} catch {
	process.exit(0);
}
const { status } = spawnSync(process.execPath, [cli, '--error-on-fail'], { stdio: 'inherit' });
process.exit(status ?? 1);
