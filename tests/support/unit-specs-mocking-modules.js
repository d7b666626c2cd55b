// Unit specs that replace a module with vi.mock. Files sharing a worker share its module cache, so a
// module another file imported first stays unmocked there (or a mocked one stays mocked for the next
// file): vite.config.ts runs these isolated, each in a fresh worker, and every other unit spec in
// shared ones. tests/lint/unit-isolation.spec.ts keeps the list whole.
/** @type {string[]} */
export const unitSpecsMockingModules = [
	'src/lib/components/layout/availability.spec.ts',
	'src/lib/server/hooks/security-headers.spec.ts',
	'src/lib/server/tickets/agent-ticket.spec.ts'
];
