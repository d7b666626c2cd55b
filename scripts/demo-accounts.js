// The demo accounts supabase/seed.sql creates, as `npm run dev` and the README announce them.
export const demoPassword = 'autocrm-demo';

/** @type {{ email: string, role: 'client' | 'agent' | 'admin' }[]} */
export const demoAccounts = [
	{ email: 'client@autocrm.test', role: 'client' },
	{ email: 'client2@autocrm.test', role: 'client' },
	{ email: 'agent@autocrm.test', role: 'agent' },
	{ email: 'agent2@autocrm.test', role: 'agent' },
	{ email: 'admin@autocrm.test', role: 'admin' }
];
