// The demo accounts seed.sql creates (password `autocrm-demo`), as the tests address them.
import { join } from 'node:path';

/** The project root: the folder holding `supabase/`. */
export const projectRoot = join(import.meta.dirname, '..', '..', '..');

export const demoPassword = 'autocrm-demo';

export const demo = {
	client: { id: 'c1000000-0000-4000-8000-000000000001', email: 'client@autocrm.test' },
	client2: { id: 'c2000000-0000-4000-8000-000000000002', email: 'client2@autocrm.test' },
	agent: { id: 'a1000000-0000-4000-8000-000000000001', email: 'agent@autocrm.test' },
	agent2: { id: 'a2000000-0000-4000-8000-000000000002', email: 'agent2@autocrm.test' },
	admin: { id: 'ad000000-0000-4000-8000-000000000001', email: 'admin@autocrm.test' }
} as const;

export type DemoName = keyof typeof demo;

/** The role each demo account holds in profiles (and so in its JWT's user_role claim). */
export const demoRole: Record<DemoName, 'client' | 'agent' | 'admin'> = {
	client: 'client',
	client2: 'client',
	agent: 'agent',
	agent2: 'agent',
	admin: 'admin'
};

export const supportTeamId = '7ea00000-0000-4000-8000-000000000001';

export const billingTeamId = '7ea00000-0000-4000-8000-000000000002';

/** The seed's business calendars: office hours in Berlin (the default) and around the clock. */
export const calendars = {
	berlin: 'ca100000-0000-4000-8000-000000000001',
	aroundTheClock: 'ca100000-0000-4000-8000-000000000002'
} as const;

/** The seed's SLA policies: premium counts in the around-the-clock calendar. */
export const slaPolicies = {
	premium: '51a00000-0000-4000-8000-000000000001'
} as const;

export const ticketTypes = {
	question: '7e000000-0000-4000-8000-000000000001',
	problem: '7e000000-0000-4000-8000-000000000002',
	billing: '7e000000-0000-4000-8000-000000000003'
} as const;
