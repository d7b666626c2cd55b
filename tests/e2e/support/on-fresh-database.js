// Runs a command (the e2e suite's `node scripts/dev.js`) with DATABASE_URL set to a new empty
// database on the PostgreSQL at TEST_DATABASE_URL, and drops that database once the command has
// exited. The stack then runs its SQL on PostgreSQL instead of PGlite's WebAssembly build, which costs
// a worker far less CPU; restarts of the stack within the run keep the same database, as they keep
// the same data folder on PGlite.
//
// Usage: node tests/e2e/support/on-fresh-database.js <command> [args…]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const adminUrl = process.env.TEST_DATABASE_URL;
const [command, ...args] = process.argv.slice(2);
if (!adminUrl || !command) {
	process.stderr.write('usage: TEST_DATABASE_URL=… node on-fresh-database.js <command> [args…]\n');
	process.exit(2);
}

/** @param {string} sql */
async function asAdmin(sql) {
	const client = new pg.Client({ connectionString: adminUrl });
	await client.connect();
	try {
		await client.query(sql);
	} finally {
		await client.end();
	}
}

const name = `autocrm_e2e_${process.pid}_${randomBytes(4).toString('hex')}`;
await asAdmin(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;

// Playwright and a terminal's Ctrl-C signal the whole process group, so the command gets the signal
// itself and stops in its own way; this process only waits for that. (Passing the signal on would
// deliver it twice, and scripts/dev.js takes a second SIGTERM as "die now", leaving its children.)
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => {});

const child = spawn(command, args, {
	stdio: 'inherit',
	env: { ...process.env, DATABASE_URL: url.toString() }
});
/** @type {[number | null, NodeJS.Signals | null]} */
const [code, signal] = await new Promise((done) =>
	child.once('exit', (exitCode, exitSignal) => done([exitCode, exitSignal]))
);
try {
	await asAdmin(`drop database if exists ${name} with (force)`);
} catch (error) {
	process.stderr.write(
		`could not drop database ${name}: ${/** @type {Error} */ (error).message}\n`
	);
}
process.exit(code ?? (signal ? 1 : 0));
