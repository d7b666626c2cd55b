// Two-factor sign-in, decided from the verified access token: `aal` says whether this session used
// a second factor, `mfa_enrolled` (from the project's access token hook) whether the person has one.
// The database enforces the same rule with restrictive policies; this only sends people to the
// page that lets them through.
import type { AppClaims } from './claims';
import type { Role } from './roles';

/** What a session must do before entering a portal. */
export type MfaStep = 'none' | 'challenge' | 'enroll';

export const isStaff = (role: Role | null): boolean => role === 'agent' || role === 'admin';

/**
 * The step a session must take. `staffMfaRequired` is asked only when the answer depends on it
 * (staff without a factor at aal1), so most requests never read the workspace setting.
 */
export async function mfaStep(
	claims: AppClaims,
	role: Role | null,
	staffMfaRequired: () => Promise<boolean>
): Promise<MfaStep> {
	if (claims.aal === 'aal2') return 'none';
	if (claims.mfa_enrolled === true) return 'challenge';
	if (isStaff(role) && (await staffMfaRequired())) return 'enroll';
	return 'none';
}

const withNext = (path: string, next: string) => `${path}?next=${encodeURIComponent(next)}`;

/** Where a session that must take `step` goes, to come back to `next` afterwards. */
export function mfaLocation(step: Exclude<MfaStep, 'none'>, next: string): string {
	return step === 'challenge' ? withNext('/login/mfa', next) : withNext('/account/security', next);
}
