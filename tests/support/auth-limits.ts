// The project's config.toml keeps hosted Supabase's auth rate limits (per client address, per 5
// minutes or per hour). Test stacks sign in, sign up and send mail far more often than that from one
// address, so they raise the limits the way the Supabase CLI lets the environment override
// config.toml: SUPABASE_AUTH_RATE_LIMIT_<KEY>.
export const raisedAuthLimits: Record<string, string> = Object.fromEntries(
	['email_sent', 'sign_in_sign_ups', 'token_refresh', 'token_verifications', 'anonymous_users'].map(
		(key) => [`SUPABASE_AUTH_RATE_LIMIT_${key.toUpperCase()}`, '100000']
	)
);
