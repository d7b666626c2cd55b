import type { AppClaims, Role, Viewer } from '$lib/auth';
import type { AppSupabaseClient } from '$lib/supabase';

declare global {
	namespace App {
		interface Error {
			message: string;
		}
		interface Locals {
			/** This request's Supabase client, acting as the signed-in user (or anonymously). */
			supabase: AppSupabaseClient;
			/**
			 * The verified claims of the session's access token, fetched once per request; rejects with
			 * AuthUnavailableError when the auth server cannot be asked.
			 */
			getClaims(): Promise<AppClaims | null>;
			/** Set by the portal guard: the auth server could not say who this is (an outage). */
			authUnavailable: boolean;
			/** Set by the portal guard: the verified claims, or null when nobody is signed in. */
			claims: AppClaims | null;
			/** The portal role from the verified `user_role` claim, or null. */
			role: Role | null;
		}
		interface PageData {
			/** Who is signed in, as the root layout tells every page. */
			viewer: Viewer | null;
		}
	}
}

export {};
