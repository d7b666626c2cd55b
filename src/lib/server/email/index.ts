// Email to customers: the outbox sender, started once per server process when SMTP_URL and a
// service key are set (`npm run dev` sets both for the local stack's mail catcher).
import { createClient } from '@supabase/supabase-js';
import type { Database } from '$lib/supabase/database.types';
import { serverRealtime } from '../server-realtime';
import { databaseOutbox } from './outbox';
import { OutboxSender } from './sender';
import { smtpTransport } from './smtp-transport';
import { renderEmail } from './templates';

export { OutboxSender } from './sender';
export { renderEmail, type EmailMessage, type OutboxEmail } from './templates';

/** The process environment: SMTP_URL, EMAIL_FROM, ORIGIN, PUBLIC_SUPABASE_URL and a service key. */
export type EmailEnv = Readonly<Record<string, string | undefined>>;

export const defaultFrom = 'AutoCRM Support <support@autocrm.test>';

/** The sender for this environment, or why there is none. */
export function emailSender(
	env: EmailEnv,
	log: (line: string) => void
): OutboxSender | { disabled: string } {
	const key = env.SUPABASE_SECRET_KEY || env.SUPABASE_SERVICE_ROLE_KEY;
	if (!env.SMTP_URL) return { disabled: 'SMTP_URL is not set' };
	if (!env.PUBLIC_SUPABASE_URL || !key) {
		return { disabled: 'PUBLIC_SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are needed' };
	}
	if (!env.ORIGIN) return { disabled: 'ORIGIN (the app URL the links point to) is not set' };
	const service = createClient<Database>(env.PUBLIC_SUPABASE_URL, key, {
		auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
		realtime: serverRealtime
	});
	const settings = { appUrl: env.ORIGIN, from: env.EMAIL_FROM || defaultFrom };
	return new OutboxSender({
		outbox: databaseOutbox(service),
		transport: smtpTransport(env.SMTP_URL),
		render: (email) => renderEmail(email, settings),
		log
	});
}
