// `npm run stack`: the local stack as a process, printing its URL and keys like `supabase status`.
import { parseArgs } from 'node:util';
import { createStack } from './create-stack';

const usage =
	'usage: npm run stack -- [--workdir DIR] [--port N] [--data DIR|memory] [--database-url URL] [--verbose]';

function fail(message: string): never {
	process.stderr.write(`stack: ${message}\n`);
	process.exit(1);
}

let args;
try {
	args = parseArgs({
		options: {
			workdir: { type: 'string' },
			port: { type: 'string' },
			data: { type: 'string' },
			'database-url': { type: 'string' },
			verbose: { type: 'boolean', default: false }
		},
		strict: true
	}).values;
} catch (error) {
	fail(`${(error as Error).message}\n${usage}`);
}

const port = args.port === undefined ? 54321 : Number(args.port);
if (!Number.isInteger(port) || port < 0 || port > 65535)
	fail(`--port ${args.port} is not a port number`);

// Registered before starting, so a signal during start-up also ends the process cleanly.
const running: { stop?: () => Promise<void> } = {};
const shutdown = () => {
	(running.stop?.() ?? Promise.resolve()).then(
		() => process.exit(0),
		(error: Error) => fail(`stopping failed: ${error.message}`)
	);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

const stack = await createStack({
	workdir: args.workdir,
	port,
	data: args.data,
	databaseUrl: args['database-url'] ?? process.env.DATABASE_URL,
	log: args.verbose ? (line) => process.stderr.write(`${line}\n`) : undefined
}).catch((error: Error) => fail(error.message));
running.stop = stack.stop;

process.stdout.write(
	[
		`API URL: ${stack.url}`,
		`anon key: ${stack.keys.anon}`,
		`service_role key: ${stack.keys.serviceRole}`,
		`publishable key: ${stack.keys.publishable}`,
		`secret key: ${stack.keys.secret}`,
		`JWT secret: ${stack.keys.jwtSecret}`,
		''
	].join('\n')
);
