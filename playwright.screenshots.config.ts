// `npm run screenshots`: the portals in both themes, wide and at 390 px, written to docs/screenshots/
// for review. Same servers as the end-to-end suite; not part of `npm test`.
import { defineConfig } from '@playwright/test';
import base from './playwright.config';

export default defineConfig({
	...base,
	testDir: 'tests/screenshots',
	testMatch: '*.screenshots.ts',
	timeout: 600_000,
	reporter: 'list'
});
