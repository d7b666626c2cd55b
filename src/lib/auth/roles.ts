import { Constants, type Enums } from '$lib/supabase';

/** The database's `user_role` enum: who someone is decides the portal they land in. */
export const roles = Constants.public.Enums.user_role;
export type Role = Enums<'user_role'>;

export const portals = ['client', 'agent', 'admin'] as const;
export type Portal = (typeof portals)[number];

export const isRole = (value: unknown): value is Role =>
	typeof value === 'string' && roles.some((role) => role === value);

/** The portal a person lands in after signing in. */
export const portalFor = (role: Role): Portal => role;

/** Admins may enter every portal to see what others see; everyone else only their own. */
export const mayEnter = (role: Role, portal: Portal): boolean =>
	role === portal || role === 'admin';
