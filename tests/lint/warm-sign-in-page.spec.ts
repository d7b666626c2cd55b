// `npm run dev` transforms the sign-in page's server modules as soon as vite listens
// (scripts/warm-sign-in-page.js). A path there that no longer exists (a renamed route or layout, a
// moved SvelteKit file) fails no start: vite only logs a "Pre-transform error" at each one, and the
// page waits for its modules again. So every path must name a file of the project.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { signInPage } from '../../scripts/warm-sign-in-page.js';

const root = join(import.meta.dirname, '..', '..');

describe("the sign-in page's warmed modules", () => {
	it.each(signInPage)('%s names a file of the project', (url) => {
		const file = join(root, new URL(url, 'file:///').pathname.slice(1));
		expect(existsSync(file), file).toBe(true);
	});
});
