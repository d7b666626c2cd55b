// The signed-in person as pages show them, from their verified claims.
import type { AppClaims } from './claims';
import type { Role } from './roles';

export interface Viewer {
	id: string;
	email: string;
	role: Role;
	/** Their name as they gave it at sign-up, when they did (for display only, never for access). */
	name?: string;
	/** Their profile picture's public URL, when they have one (added by the server from the profile). */
	avatarUrl?: string;
}

export function viewerFrom(claims: AppClaims, role: Role): Viewer {
	const metadata = claims.user_metadata as { full_name?: unknown } | undefined;
	const name = typeof metadata?.full_name === 'string' ? metadata.full_name.trim() : '';
	return { id: claims.sub, email: claims.email ?? '', role, ...(name ? { name } : {}) };
}
