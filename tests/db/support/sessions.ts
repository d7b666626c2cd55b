// supabase-js clients signed in as the demo accounts, for the RLS and realtime matrices.
import type { SupabaseClient } from '@supabase/supabase-js';
import type { TestStack } from '../../support/stack';
import { demo, demoPassword, type DemoName } from './demo';

export type Who = DemoName | 'anon';

/** A client signed in with the demo password (or signed out, for `anon`). */
export async function signedIn(stack: TestStack, who: Who): Promise<SupabaseClient> {
	const client = stack.client();
	if (who === 'anon') return client;
	const { error } = await client.auth.signInWithPassword({
		email: demo[who].email,
		password: demoPassword
	});
	if (error) throw error;
	return client;
}

/** One signed-in client per demo account, and an anonymous one. */
export async function everyone(stack: TestStack): Promise<Record<Who, SupabaseClient>> {
	const names: Who[] = ['anon', 'client', 'client2', 'agent', 'agent2', 'admin'];
	const clients = await Promise.all(names.map((who) => signedIn(stack, who)));
	return Object.fromEntries(names.map((who, i) => [who, clients[i]])) as Record<
		Who,
		SupabaseClient
	>;
}

/** The claims of a JWT, unverified (the tests only read what the Auth server issued). */
export function claimsOf(token: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** The access token a signed-in client currently holds. */
export async function accessToken(client: SupabaseClient): Promise<string> {
	const { data } = await client.auth.getSession();
	if (!data.session) throw new Error('the client is not signed in');
	return data.session.access_token;
}
