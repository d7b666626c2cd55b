// Tokens expiring under open sockets: with a 12 s jwt_expiry, clients that refresh their session the
// way supabase-js does (one refresh at a time, the new token handed to the socket through setAuth)
// keep their channels for several expiries without a single closure, and still hear changes at the
// end; a client that never refreshes is closed at its token's expiry, so the expiries are real.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demo, demoPassword, projectRoot } from '../db/support/demo';
import { raisedAuthLimits } from '../support/auth-limits';
import { startTestStack, type TestStack } from '../support/stack';
import { report } from './support/report';

const jwtExpirySeconds = 12;
/** Expiries each socket lives through. */
const expiries = 3;
/**
 * The pause between one client's refreshes. Short against a token's life, so a refresh on a starved
 * machine may take most of that life (11 s here) and still land before the token it replaces expires.
 */
const refreshEveryMs = 1000;

let stack: TestStack;
beforeAll(async () => {
	stack = await startTestStack({
		workdir: projectRoot,
		env: {
			...process.env,
			...raisedAuthLimits,
			SUPABASE_AUTH_JWT_EXPIRY: String(jwtExpirySeconds)
		}
	});
});
afterAll(() => stack?.stop());

interface Watched {
	client: SupabaseClient;
	channel: RealtimeChannel;
	/** Channel states after the first join: anything here is a closure. */
	troubles: string[];
	subjects: string[];
	joined: Promise<void>;
	/** Resolves when the channel has closed or failed. */
	lost: Promise<string>;
	/** Resolves when a ticket with this subject arrives. */
	heard(subject: string): Promise<void>;
}

async function watch(email: string, name: string): Promise<Watched> {
	const client = stack.client();
	const { error } = await client.auth.signInWithPassword({ email, password: demoPassword });
	if (error) throw error;
	const troubles: string[] = [];
	const subjects: string[] = [];
	let onJoin!: () => void;
	let onLost!: (state: string) => void;
	const joined = new Promise<void>((resolve) => (onJoin = resolve));
	const lost = new Promise<string>((resolve) => (onLost = resolve));
	let wasJoined = false;
	const waiting = new Map<string, () => void>();
	const channel = client
		.channel(name)
		.on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'tickets' }, (payload) => {
			const subject = String((payload.new as { subject: string }).subject);
			subjects.push(subject);
			waiting.get(subject)?.();
		})
		.on('system', {}, (message: { status: string; message: string }) => {
			if (message.status !== 'ok') troubles.push(`system: ${message.message}`);
		})
		.subscribe((state) => {
			if (state === 'SUBSCRIBED' && !wasJoined) {
				wasJoined = true;
				onJoin();
			} else if (wasJoined) {
				troubles.push(state);
				onLost(state);
			}
		});
	const heard = (subject: string) =>
		subjects.includes(subject)
			? Promise.resolve()
			: Promise.race([
					new Promise<void>((resolve) => waiting.set(subject, resolve)),
					lost.then((state) => Promise.reject(new Error(`${name} was lost: ${state}`)))
				]);
	return { client, channel, troubles, subjects, joined, lost, heard };
}

describe('sockets kept across several token expiries', () => {
	it('keep every channel open while their sessions are refreshed, and close one that is not', async () => {
		const refreshed = await Promise.all([
			watch(demo.agent.email, 'soak-agent'),
			watch(demo.agent2.email, 'soak-agent2'),
			watch(demo.admin.email, 'soak-admin')
		]);
		const stale = await watch(demo.client.email, 'soak-stale');
		await Promise.all([...refreshed, stale].map((w) => w.joined));

		let refreshes = 0;
		let refreshFailures = 0;
		let soaking = true;
		// As auth-js refreshes: one refresh in flight per client, the next one after a pause.
		const refreshers = refreshed.map(async ({ client }) => {
			while (soaking) {
				await new Promise((resolve) => setTimeout(resolve, refreshEveryMs));
				const { error } = await client.auth.refreshSession();
				if (error) refreshFailures += 1;
				else refreshes += 1;
			}
		});
		const started = Date.now();
		try {
			// The control: the server ends a channel whose token expired, as Supabase Realtime does.
			expect(await stale.lost).toMatch(/CLOSED|CHANNEL_ERROR/);
			// The soak itself: the refreshed sockets simply stay open through several expiries.
			await new Promise((resolve) => setTimeout(resolve, expiries * jwtExpirySeconds * 1000));
		} finally {
			soaking = false;
			await Promise.all(refreshers);
		}
		const subject = `soak ${Date.now()}`;
		const customer = stack.client();
		await customer.auth.signInWithPassword({ email: demo.client2.email, password: demoPassword });
		await customer.from('tickets').insert({ subject, description: 'Still listening?' });
		await Promise.all(refreshed.map((w) => w.heard(subject)));

		const closures = refreshed.reduce((sum, w) => sum + w.troubles.length, 0);
		report('token-expiry soak', {
			jwtExpirySeconds,
			sockets: refreshed.length,
			heldSeconds: ((Date.now() - started) / 1000).toFixed(1),
			refreshes,
			refreshFailures,
			closures,
			controlClosed: stale.troubles.length > 0 ? 1 : 0
		});
		expect(refreshFailures).toBe(0);
		expect(closures).toBe(0);
		for (const w of [...refreshed, stale]) await w.client.removeAllChannels();
		await customer.removeAllChannels();
	});
});
