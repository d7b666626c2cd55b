// Reading the role from verified JWT claims: the custom access token hook puts it at the root as
// `user_role`; `role` itself stays `authenticated` and is never a portal role.
import { isRole, type Role } from './roles';

export interface AppClaims {
	sub: string;
	email?: string;
	role?: string;
	user_role?: unknown;
	exp?: number;
	session_id?: string;
	/** `aal2` once the session verified a second factor. */
	aal?: string;
	/** Set by the access token hook: the person has a verified second factor. */
	mfa_enrolled?: boolean;
	[claim: string]: unknown;
}

export const roleFromClaims = (claims: AppClaims | null | undefined): Role | null =>
	claims && isRole(claims.user_role) ? claims.user_role : null;
