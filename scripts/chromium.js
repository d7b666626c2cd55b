// Where the tests' headless Chromium lives: CHROMIUM_PATH, else Debian's headless shell, else its full
// Chromium.
import { existsSync } from 'node:fs';

// Every browser we start is headless (tests, benches, screenshots). Debian's chromium-headless-shell is
// the same Blink without the full browser around it: on the shell e2e spec it used 30 % less CPU than
// /usr/bin/chromium (79–88 against 118–122 CPU-seconds, 2026-12-05), and the e2e step is bound by the
// browsers' CPU.
// The package's binary itself: its /usr/bin script only calls it, from a shell that stays around.
const headlessShell = '/usr/lib/chromium/chromium-headless-shell';
const fullChromium = '/usr/bin/chromium';

export const chromiumPath = () =>
	process.env.CHROMIUM_PATH || (existsSync(headlessShell) ? headlessShell : fullChromium);

export const hasChromium = () => existsSync(chromiumPath());

/** Flags for a headless Chromium on a machine with no sandbox, GPU or outside network. */
export const chromiumArgs = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--no-first-run'
];
