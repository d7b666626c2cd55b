// Makes sure a Chromium is there for Playwright: found, or Debian's headless shell installed with
// apt-get as root on Debian.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromiumPath, hasChromium } from './chromium.js';

const canInstall =
	process.getuid?.() === 0 && existsSync('/etc/debian_version') && existsSync('/usr/bin/apt-get');

if (!hasChromium()) {
	if (process.env.CHROMIUM_PATH || !canInstall) {
		console.error(
			`No Chromium at ${chromiumPath()}: install Debian's headless shell (sudo apt-get install -y chromium-headless-shell) or set CHROMIUM_PATH.`
		);
		process.exit(1);
	}
	console.log("No Chromium found; installing Debian's chromium-headless-shell with apt-get…");
	/** @param {string[]} args */
	const apt = (args) =>
		execFileSync('apt-get', args, {
			stdio: 'inherit',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
		});
	apt(['update']);
	apt(['install', '-y', '--no-install-recommends', 'chromium-headless-shell']);
	if (!hasChromium()) {
		console.error(`apt-get finished but ${chromiumPath()} is still missing.`);
		process.exit(1);
	}
}
