// The outbox sender exactly as the app starts it (`emailSender`: the database outbox through the
// service role, the pooled SMTP transport and the templates, with their default batch size,
// concurrency and settle interval), run in a process of its own as the app's server is. Sends batch
// after batch until nothing is due, then prints what it settled and the wall time from its first
// claim to its last settle, as JSON on stdout.
import { emailSender } from '../../src/lib/server/email';

const sender = emailSender(process.env, (line) => console.error(line));
if ('disabled' in sender) throw new Error(`the sender is disabled: ${sender.disabled}`);

const start = performance.now();
let settled = 0;
let lastSettle = start;
for (let count = await sender.sendBatch(); count > 0; count = await sender.sendBatch()) {
	// sendBatch returns once every result of the batch is settled.
	settled += count;
	lastSettle = performance.now();
}
await sender.stop();
process.stdout.write(`${JSON.stringify({ settled, ms: lastSettle - start })}\n`);
