// Outbox throughput (issue 15, "≥ 200 emails/s to the local SMTP listener"): 2,000 due customer
// emails, generated with one SQL insert, delivered by the real sender (src/lib/server/email: the
// outbox's claim and settle functions over the REST API, the templates, nodemailer's pooled SMTP
// transport, default batch size and concurrency) in a process of its own, as `npm run dev` runs it,
// to the stack's own SMTP listener, which parses and stores each message as the local inbox does.
// On in-memory PGlite and a throwaway PostgreSQL 15. Reports emails/s from the first claim to the
// last settle, and checks that every row is `sent` and that the inbox holds each email exactly once.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createStack, type Stack } from '../stack';
import { root } from './support/app';
import { createDatabase, hasPostgres, startPostgres } from './support/postgres';
import type { BenchRow } from './support/types';

const emails = 2_000;

/** Due emails of all three templates, with the data the delivery triggers capture. */
async function generateEmails(stack: Stack) {
	await stack.db.exec(`
		delete from public.email_outbox;
		insert into public.email_outbox (to_email, to_name, template, data)
		select 'customer' || n || '@example.test',
			'Customer ' || n,
			(array['ticket_received', 'agent_reply', 'ticket_solved'])[1 + n % 3]::public.email_template,
			jsonb_build_object(
				'ticket_id', n,
				'subject', 'Cannot export the invoice for order ' || n,
				'customer_name', 'Customer ' || n,
				'unsubscribe_token', md5(n::text) || left(md5('u' || n), 16),
				'author_name', 'Alex from Support',
				'solved', n % 6 = 1,
				'solved_by', 'Alex from Support',
				'description', repeat('The export button spins and then nothing is downloaded. ', 4),
				'body', repeat('Thanks for the details. We fixed the export; please try again. ', 4)
			)
		from generate_series(1, ${emails}) as n;
		analyze public.email_outbox;
	`);
}

/** Runs bench/support/outbox-sender.ts against the stack until nothing is due. */
function runSender(stack: Stack): Promise<{ settled: number; ms: number }> {
	const smtpUrl = stack.mail?.smtpUrl;
	if (!smtpUrl) throw new Error('the stack has no SMTP listener');
	const env: NodeJS.ProcessEnv = {
		...process.env,
		SMTP_URL: smtpUrl,
		PUBLIC_SUPABASE_URL: stack.url,
		SUPABASE_SERVICE_ROLE_KEY: stack.keys.serviceRole,
		ORIGIN: 'http://127.0.0.1:5173'
	};
	delete env.SUPABASE_SECRET_KEY;
	delete env.EMAIL_FROM;
	const child = spawn(
		process.execPath,
		['--import', 'tsx', join(import.meta.dirname, 'support', 'outbox-sender.ts')],
		{ cwd: root, env, stdio: ['ignore', 'pipe', 'inherit'] }
	);
	let out = '';
	child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
	return new Promise((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => {
			if (code !== 0) return reject(new Error(`the sender exited with ${code}`));
			resolve(JSON.parse(out.trim().split('\n').pop() ?? ''));
		});
	});
}

async function measure(database: string, stack: Stack): Promise<BenchRow> {
	await generateEmails(stack);
	const { settled, ms } = await runSender(stack);
	const { rows } = await stack.db.query<{ status: string; count: number }>(
		`select status::text, count(*)::int as count from public.email_outbox group by 1`
	);
	const sent = rows.find((r) => r.status === 'sent')?.count ?? 0;
	const {
		rows: [inbox]
	} = await stack.db.query<{ messages: number; distinct_ids: number }>(
		`select count(*)::int as messages, count(distinct headers ->> 'message-id')::int as distinct_ids
		 from _stack.mail where source = 'smtp'`
	);
	if (settled !== emails || sent !== emails) {
		throw new Error(
			`outbox: the sender settled ${settled} and ${sent} are sent, not ${emails}: ${JSON.stringify(rows)}`
		);
	}
	if (inbox.messages !== emails || inbox.distinct_ids !== emails) {
		throw new Error(
			`outbox: the inbox holds ${inbox.messages} messages (${inbox.distinct_ids} Message-IDs), not ${emails}`
		);
	}
	return {
		suite: 'outbox',
		case: `${emails} due emails, sender defaults, to the local SMTP listener (all sent; inbox ${inbox.messages}, each once)`,
		database,
		metric: 'throughput',
		value: (settled / ms) * 1000,
		unit: 'emails/s',
		target: '≥ 200 emails/s'
	};
}

export default {
	name: 'outbox',
	async run(): Promise<BenchRow[]> {
		const rows: BenchRow[] = [];
		const pglite = await createStack({ workdir: root, port: 0, data: 'memory' });
		try {
			rows.push(await measure('pglite (memory)', pglite));
		} finally {
			await pglite.stop();
		}
		if (hasPostgres()) {
			const cluster = await startPostgres();
			try {
				const stack = await createStack({
					workdir: root,
					port: 0,
					databaseUrl: createDatabase(cluster, 'autocrm_outbox_bench')
				});
				try {
					rows.push(await measure('postgres 15', stack));
				} finally {
					await stack.stop();
				}
			} finally {
				await cluster.stop();
			}
		}
		return rows;
	}
};
