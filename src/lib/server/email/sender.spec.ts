import { describe, expect, it } from 'vitest';
import type { Settlement } from './delivery-outcome';
import { OutboxSender, type ClaimedEmail, type EmailTransport, type Outbox } from './sender';
import type { EmailMessage, OutboxEmail } from './templates';

type Status = 'pending' | 'sending' | 'sent' | 'failed';
interface Row extends ClaimedEmail {
	status: Status;
	dueAt: number;
	leaseUntil?: number;
}

/** The outbox's claim and settle rules (supabase/migrations/*_email_outbox.sql) over an array. */
class MemoryOutbox implements Outbox {
	now = 0;
	rows: Row[];
	constructor(count: number) {
		this.rows = Array.from({ length: count }, (_, i) => ({
			id: i + 1,
			template: 'agent_reply' as const,
			to_email: `customer${i + 1}@example.com`,
			to_name: '',
			data: {},
			attempts: 0,
			status: 'pending' as Status,
			dueAt: 0
		}));
	}
	async claim(batchSize: number, leaseSeconds: number) {
		for (const row of this.rows) {
			if (row.status === 'sending' && row.leaseUntil! < this.now) row.status = 'failed';
		}
		const due = this.rows
			.filter((row) => row.status === 'pending' && row.dueAt <= this.now)
			.slice(0, batchSize);
		for (const row of due) {
			row.status = 'sending';
			row.attempts += 1;
			row.leaseUntil = this.now + leaseSeconds;
		}
		return due.map((row) => ({ ...row }));
	}
	async settle(results: Settlement[]) {
		for (const result of results) {
			const row = this.rows.find((r) => r.id === result.id);
			if (row?.status !== 'sending') continue;
			if (result.outcome === 'sent') row.status = 'sent';
			else if (result.outcome === 'failed') row.status = 'failed';
			else if (result.outcome === 'retry') {
				row.status = 'pending';
				row.dueAt = this.now + result.retry_in;
			} else {
				row.status = 'pending';
				row.attempts -= 1;
			}
		}
	}
	count(status: Status) {
		return this.rows.filter((row) => row.status === status).length;
	}
}

/** An SMTP server as the sender sees it: records every message handed over. */
class RecordingTransport implements EmailTransport {
	delivered: string[] = [];
	closed = false;
	constructor(private answer: (message: EmailMessage) => Promise<void> = async () => {}) {}
	async send(message: EmailMessage) {
		await this.answer(message);
		this.delivered.push(message.to.address);
		return { messageId: message.messageId };
	}
	close() {
		this.closed = true;
	}
}

const render = (email: OutboxEmail): EmailMessage => ({
	from: 'support@autocrm.test',
	to: { name: '', address: email.to_email },
	subject: `#${email.id}`,
	text: '',
	html: '',
	messageId: `<outbox-${email.id}@test>`,
	headers: {}
});

const smtpReply = (responseCode: number) =>
	Object.assign(new Error(`${responseCode} no`), { responseCode });

describe('OutboxSender', () => {
	it('delivers every due email exactly once', async () => {
		const outbox = new MemoryOutbox(23);
		const transport = new RecordingTransport();
		const sender = new OutboxSender({ outbox, transport, render, batchSize: 5, concurrency: 3 });
		expect(await sender.drain()).toBe(23);
		expect(transport.delivered).toHaveLength(23);
		expect(new Set(transport.delivered).size).toBe(23);
		expect(outbox.count('sent')).toBe(23);
	});

	it('tries a 4xx again later with backoff and gives up after the last try', async () => {
		const outbox = new MemoryOutbox(1);
		const transport = new RecordingTransport(async () => {
			throw smtpReply(451);
		});
		const retry = { maxAttempts: 3, baseDelaySeconds: 10, maxDelaySeconds: 100 };
		const sender = new OutboxSender({ outbox, transport, render, retry, random: () => 0 });

		await sender.drain();
		expect(outbox.rows[0]).toMatchObject({ status: 'pending', attempts: 1, dueAt: 5 });
		expect(await sender.sendBatch()).toBe(0);

		outbox.now = 5;
		await sender.drain();
		expect(outbox.rows[0]).toMatchObject({ status: 'pending', attempts: 2, dueAt: 15 });

		outbox.now = 15;
		await sender.drain();
		expect(outbox.rows[0]).toMatchObject({ status: 'failed', attempts: 3 });
	});

	it('marks a bounced address failed without trying it again', async () => {
		const outbox = new MemoryOutbox(2);
		const transport = new RecordingTransport(async (message) => {
			if (message.to.address === 'customer1@example.com') throw smtpReply(550);
		});
		await new OutboxSender({ outbox, transport, render }).drain();
		expect(outbox.rows.map((row) => row.status)).toEqual(['failed', 'sent']);
		outbox.now = 10_000;
		expect(await new OutboxSender({ outbox, transport, render }).drain()).toBe(0);
	});

	it('on stop, finishes what is in flight and gives the rest back unsent', async () => {
		const outbox = new MemoryOutbox(10);
		const running: { sender?: OutboxSender; stopped?: Promise<void> } = {};
		const transport = new RecordingTransport(async () => {
			running.stopped ??= running.sender!.stop();
		});
		const sender = new OutboxSender({ outbox, transport, render, batchSize: 10, concurrency: 1 });
		running.sender = sender;
		await sender.sendBatch();
		await running.stopped;
		expect(transport.delivered).toHaveLength(1);
		expect(transport.closed).toBe(true);
		expect(outbox.count('sent')).toBe(1);
		expect(
			outbox.rows.filter((row) => row.status === 'pending').map((row) => row.attempts)
		).toEqual(Array(9).fill(0));

		const next = new RecordingTransport();
		await new OutboxSender({ outbox, transport: next, render }).drain();
		expect([...transport.delivered, ...next.delivered].sort()).toEqual(
			outbox.rows.map((row) => row.to_email).sort()
		);
	});

	it('never sends again what a sender killed mid-batch had claimed', async () => {
		const outbox = new MemoryOutbox(6);
		// The first sender dies while its third message is with the SMTP server: nothing after it
		// is settled, as when the process is killed.
		const killed = new RecordingTransport(
			(message) => new Promise((resolve) => message.to.address < 'customer3' && resolve())
		);
		const dying = new OutboxSender({
			outbox,
			transport: killed,
			render,
			concurrency: 1,
			settleEvery: 1
		});
		void dying.sendBatch();
		await expect.poll(() => killed.delivered.length).toBe(2);
		await expect.poll(() => outbox.count('sent')).toBe(2);

		// A new sender after the lease: the claims of the dead one are settled as failed, not resent.
		outbox.now = 121;
		const restarted = new RecordingTransport();
		expect(await new OutboxSender({ outbox, transport: restarted, render }).drain()).toBe(0);
		expect(restarted.delivered).toEqual([]);
		expect(outbox.count('sent')).toBe(2);
		expect(outbox.count('failed')).toBe(4);
	});
});
