// `npm run stack`: the local stack as a process, printing its URL and keys like `supabase status`.
import { parseArgs } from 'node:util';
import { createStack } from './create-stack';

const usage =
	'usage: npm run stack -- [--workdir DIR] [--port N] [--inbucket-port N] [--smtp-port N] [--data DIR|memory] [--database-url URL] [--verbose]';

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
			'inbucket-port': { type: 'string' },
			'smtp-port': { type: 'string' },
			data: { type: 'string' },
			'database-url': { type: 'string' },
			verbose: { type: 'boolean', default: false }
		},
		strict: true
	}).values;
} catch (error) {
	fail(`${(error as Error).message}\n${usage}`);
}

function portOption(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		fail(`--${name} ${value} is not a port number`);
	return port;
}

const port = portOption('port', args.port) ?? 54321;
const inboxPort = portOption('inbucket-port', args['inbucket-port']);
const smtpPort = portOption('smtp-port', args['smtp-port']);

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
	mail: { inboxPort, smtpPort },
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
		...(stack.mail ? [`Inbucket URL: ${stack.mail.inboxUrl}`] : []),
		...(stack.mail?.smtpUrl ? [`SMTP URL: ${stack.mail.smtpUrl}`] : []),
		''
	].join('\n')
);
