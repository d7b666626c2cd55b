export const roles = ['client', 'agent', 'admin'] as const;
export type Role = (typeof roles)[number];

export const portals = ['client', 'agent', 'admin'] as const;
export type Portal = (typeof portals)[number];

export const isRole = (value: unknown): value is Role =>
	typeof value === 'string' && (roles as readonly string[]).includes(value);

/** The portal a person lands in after signing in. */
export const portalFor = (role: Role): Portal => role;

/** Admins may enter every portal to see what others see; everyone else only their own. */
export const mayEnter = (role: Role, portal: Portal): boolean =>
	role === portal || role === 'admin';
