// Where the app finds its Supabase project: read at run time, so one build serves the local stack,
// `supabase start` or a hosted project. Either the legacy anon key or the newer publishable key.
import { env } from '$env/dynamic/public';

export interface SupabaseEnv {
	url: string;
	key: string;
}

export function publicSupabaseEnv(): SupabaseEnv {
	const url = env.PUBLIC_SUPABASE_URL;
	const key = env.PUBLIC_SUPABASE_PUBLISHABLE_KEY || env.PUBLIC_SUPABASE_ANON_KEY;
	if (!url || !key) {
		throw new Error(
			'PUBLIC_SUPABASE_URL and PUBLIC_SUPABASE_ANON_KEY (or PUBLIC_SUPABASE_PUBLISHABLE_KEY) are not set: ' +
				'start the app with `npm run dev`, which starts the local stack, or set them for your project.'
		);
	}
	return { url, key };
}
