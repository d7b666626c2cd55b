// GET /health, /settings and /.well-known/jwks.json: what GoTrue says about itself.
import { json, type AuthRequest, type Reply } from '../context';

export async function health(): Promise<Reply> {
	return json({
		version: 'local-stack',
		name: 'GoTrue',
		description: 'GoTrue is a user registration and authentication API'
	});
}

const externalProviders = [
	'apple',
	'azure',
	'bitbucket',
	'discord',
	'facebook',
	'snapchat',
	'figma',
	'fly',
	'github',
	'gitlab',
	'google',
	'keycloak',
	'kakao',
	'linkedin',
	'linkedin_oidc',
	'notion',
	'spotify',
	'slack',
	'slack_oidc',
	'workos',
	'twitch',
	'twitter'
];

export async function settings({ ctx }: AuthRequest): Promise<Reply> {
	const { settings } = ctx;
	return json({
		external: {
			anonymous_users: settings.anonymousSignInsEnabled,
			...Object.fromEntries(externalProviders.map((name) => [name, false])),
			email: settings.emailProviderEnabled,
			phone: false,
			zoom: false
		},
		disable_signup: !settings.signupEnabled,
		mailer_autoconfirm: settings.autoconfirm,
		phone_autoconfirm: false,
		sms_provider: '',
		saml_enabled: false,
		saml_private_key_next_configured: false,
		passkeys_enabled: false
	});
}

/**
 * The public half of every signing key; the JWT secret is never listed, so supabase-js verifies
 * HS256 tokens through GET /user instead.
 */
export async function jwks({ ctx }: AuthRequest): Promise<Reply> {
	return json(ctx.jwt.jwks, 200, { 'Cache-Control': 'public, max-age=600' });
}
