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

/** The public help center: open to everyone, signed in or not (the table's `/help/**` row). */
export const isPublicPath = (pathname: string) =>
	pathname === '/help' || pathname.startsWith('/help/');

/** Where sign-in sends someone back to after they were stopped at `pathname` + `search`. */
const loginPath = (next: string) => `/login?next=${encodeURIComponent(next)}`;

// Any origin works as the base: a path that stays on it stays on the app's origin too.
const sameSiteBase = 'http://same-site.invalid';

/**
 * Only same-site paths are followed after sign-in, never another origin: `//evil.test`, `/\\evil`,
 * and paths with control characters, which browsers drop (`/<tab>/evil` becomes `//evil`). The path
 * returned is the one the URL parser read, so the redirect says exactly what was checked.
 */
export function safeNext(next: string | null | undefined): string | undefined {
	// eslint-disable-next-line no-control-regex -- control characters are what this refuses
	if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(next)) return;
	const url = new URL(next, sameSiteBase);
	if (url.origin !== sameSiteBase) return;
	return url.pathname + url.search + url.hash;
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
	if (isPublicPath(pathname)) return { kind: 'pass' };
	const portal = portalOf(pathname);
	if (!portal) return { kind: 'pass' };
	if (!role) return { kind: 'redirect', location: loginPath(pathname + search) };
	if (!mayEnter(role, portal)) {
		return { kind: 'forbidden', portal, message: forbiddenMessage(role, portal) };
	}
	return { kind: 'pass' };
}
