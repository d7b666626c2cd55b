// The portal guard as a pure decision, so the hook, every portal layout and the tests share one table
// (architecture, section 2): `/` sends each role to its portal, anonymous visitors go to sign in, and a
// portal the role may not enter is refused with a reason a person can read.
import { mayEnter, portalFor, portals, type Portal, type Role } from './roles';

export type GuardDecision =
	| { kind: 'pass' }
	| { kind: 'redirect'; location: string }
	| { kind: 'forbidden'; portal: Portal; message: string };

const portalNames: Record<Portal, string> = {
	client: 'client portal',
	agent: 'agent portal',
	admin: 'admin portal'
};

const roleNames: Record<Role, string> = { client: 'customer', agent: 'agent', admin: 'admin' };

/** The portal a path belongs to, or undefined for paths outside every portal. */
export function portalOf(pathname: string): Portal | undefined {
	return portals.find((p) => pathname === `/${p}` || pathname.startsWith(`/${p}/`));
}

/** Where sign-in sends someone back to after they were stopped at `pathname` + `search`. */
const loginPath = (next: string) => `/login?next=${encodeURIComponent(next)}`;

/** Only same-site paths are followed after sign-in, never another origin (`//evil.test`). */
export function safeNext(next: string | null | undefined): string | undefined {
	if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return;
	return next;
}

export function forbiddenMessage(role: Role, portal: Portal): string {
	const article = role === 'admin' || role === 'agent' ? 'an' : 'a';
	return `You are signed in as ${article} ${roleNames[role]}, and the ${portalNames[portal]} is only for ${
		portal === 'admin' ? 'admins' : `${roleNames[portal]}s and admins`
	}.`;
}

/** What to do with a request for `pathname` (with its query in `search`) by someone of `role`. */
export function decide(pathname: string, search: string, role: Role | null): GuardDecision {
	if (pathname === '/') {
		return { kind: 'redirect', location: role ? `/${portalFor(role)}` : '/login' };
	}
	const portal = portalOf(pathname);
	if (!portal) return { kind: 'pass' };
	if (!role) return { kind: 'redirect', location: loginPath(pathname + search) };
	if (!mayEnter(role, portal)) {
		return { kind: 'forbidden', portal, message: forbiddenMessage(role, portal) };
	}
	return { kind: 'pass' };
}
