// GoTrue features the local stack keeps turned off, answered exactly as GoTrue answers a project
// that has them off: SAML single sign-on, passkeys, manual identity linking, the OAuth server,
// external OAuth providers (their redirect, callback and ID tokens) and Web3 sign-in.
import { decodeJwt } from 'jose';
import { z } from 'zod';
import { requireUser } from '../authenticate';
import { redirect, type AuthRequest, type Handler, type Reply } from '../context';
import { AuthError, badRequest, notFound, OAuthError, unprocessable } from '../errors';
import { limitRequest } from '../rate-limit';
import { flag, readJsonIfAny, text } from '../request';
import { encodeValues, oauthErrors } from '../redirect-query';

/** An endpoint whose feature is off: GoTrue's 404 with the feature's own code. */
const disabled =
	(code: string, message: string): Handler =>
	async () => {
		throw notFound(code, message);
	};

export const samlDisabled = disabled('saml_provider_disabled', 'SAML 2.0 is disabled');
export const passkeysDisabled = disabled('passkey_disabled', 'Passkeys are disabled');
export const oauthServerDisabled = disabled('feature_disabled', 'OAuth server is disabled');

/** What the stack does not implement at all (not a switch GoTrue has), named plainly. */
export const unsupported = (what: string) =>
	disabled('feature_disabled', `The local stack does not support ${what}`);

/** /user/identities: GoTrue authenticates first, then finds manual linking off (the CLI default). */
export async function manualLinkingDisabled({ ctx, req }: AuthRequest): Promise<Reply> {
	await requireUser(ctx, req);
	throw notFound('manual_linking_disabled', 'Manual linking is disabled');
}

// The providers GoTrue knows; each is off here, as in a project that configured none.
const providers = new Set([
	'apple',
	'azure',
	'bitbucket',
	'discord',
	'facebook',
	'figma',
	'fly',
	'github',
	'gitlab',
	'google',
	'kakao',
	'keycloak',
	'linkedin',
	'linkedin_oidc',
	'notion',
	'snapchat',
	'spotify',
	'slack',
	'slack_oidc',
	'twitch',
	'twitter',
	'x',
	'vercel_marketplace',
	'workos',
	'zoom'
]);

/** Why GoTrue cannot start a sign-in with `name` (its Provider lookup's error). */
function providerProblem(name: string): string {
	const lower = name.toLowerCase();
	if (lower.startsWith('custom:')) return 'custom OAuth providers are disabled';
	if (providers.has(lower)) return 'provider is not enabled';
	return `Provider ${lower} could not be found`;
}

/** /authorize starts an external OAuth sign-in; no provider is enabled here. */
export async function authorize({ url }: AuthRequest): Promise<Reply> {
	const provider = url.searchParams.get('provider') ?? '';
	throw badRequest('validation_failed', `Unsupported provider: ${providerProblem(provider)}`);
}

/**
 * /callback: GoTrue first loads the OAuth state the sign-in started; the stack starts none, so a
 * callback always meets GoTrue's state errors, redirected to the site URL as GoTrue redirects them.
 */
export async function callback({ ctx, url }: AuthRequest): Promise<Reply> {
	const state = url.searchParams.get('state') ?? '';
	const error = !state
		? badRequest('bad_oauth_callback', 'OAuth state parameter missing')
		: !/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(state)
			? badRequest('bad_oauth_state', 'OAuth state parameter is invalid')
			: badRequest('bad_oauth_state', 'OAuth state not found or expired');
	return redirect(`${siteWithError(ctx.settings.siteUrl, error)}`);
}

function siteWithError(siteUrl: string, error: AuthError): string {
	const target = new URL(siteUrl);
	const values: Record<string, string> = Object.fromEntries(target.searchParams);
	values.error = oauthErrors[error.status] ?? 'server_error';
	values.error_code = error.code ?? '';
	values.error_description = error.message;
	return `${siteUrl.split(/[?#]/)[0]}?${encodeValues(values)}`;
}

const idTokenBody = z.looseObject({
	id_token: text(),
	provider: text(),
	client_id: text(),
	issuer: text(),
	link_identity: flag()
});

// The issuers GoTrue checks ID tokens of its built-in OIDC providers against.
const issuers: Record<string, string> = {
	google: 'https://accounts.google.com',
	facebook: 'https://www.facebook.com',
	kakao: 'https://kauth.kakao.com',
	snapchat: 'https://accounts.snapchat.com/accounts/oauth2/token',
	vercel_marketplace: 'https://marketplace.vercel.com',
	keycloak: ''
};
const appleIssuers = ['https://appleid.apple.com', 'https://account.apple.com'];
const azureIssuer = /^https:\/\/login\.microsoftonline\.com\//;

/** The issuer GoTrue reads from an Apple or Azure ID token before it looks at the provider. */
function detectedIssuer(idToken: string, provider: 'Apple' | 'Azure', issuer: string): string {
	let detected: unknown;
	try {
		detected = decodeJwt(idToken).iss;
	} catch {
		detected = undefined;
	}
	if (typeof detected !== 'string') {
		throw badRequest(
			'validation_failed',
			`Unable to detect issuer in ID token for ${provider} provider`
		);
	}
	const belongs =
		provider === 'Apple' ? appleIssuers.includes(detected) : azureIssuer.test(detected);
	if (!belongs) {
		throw badRequest(
			'validation_failed',
			`Detected ID token issuer is not an ${provider} ID token issuer`
		);
	}
	if (issuer && issuer !== detected) {
		throw badRequest('validation_failed', 'Provided issuer does not match ID token issuer');
	}
	return detected;
}

/** The id_token grant: GoTrue's checks, then the provider it names, which is not enabled. */
export async function idTokenGrant({ req }: AuthRequest): Promise<Reply> {
	const body = await readJsonIfAny(req, idTokenBody);
	const provider = body.provider ?? '';
	const issuer = body.issuer ?? '';
	if (!body.id_token) throw new OAuthError('invalid request', 'id_token required');
	if (!provider && (!body.client_id || !issuer)) {
		throw new OAuthError('invalid request', 'provider or client_id and issuer required');
	}
	if (body.link_identity && !req.headers.authorization) {
		throw new OAuthError(
			'invalid request',
			'Linking requires a valid user access token in Authorization'
		);
	}
	let expected: string;
	if (provider === 'apple' || appleIssuers.includes(issuer)) {
		expected = detectedIssuer(body.id_token, 'Apple', issuer);
	} else if (provider === 'azure' || azureIssuer.test(issuer)) {
		expected = detectedIssuer(body.id_token, 'Azure', issuer);
	} else {
		const known = Object.entries(issuers).find(
			([name, address]) => provider === name || (address && issuer === address)
		);
		if (provider.startsWith('custom:')) {
			throw badRequest('validation_failed', 'Custom OAuth providers are disabled');
		}
		if (!known) {
			throw badRequest(
				'validation_failed',
				`Custom OIDC provider ${JSON.stringify(provider)} not allowed`
			);
		}
		expected = known[1];
	}
	throw badRequest(
		'provider_disabled',
		`Provider (issuer ${JSON.stringify(expected)}) is not enabled`
	);
}

/** The web3 grant, counted against `rate_limit.web3` as GoTrue counts it. */
export async function web3Grant({ ctx, client }: AuthRequest): Promise<Reply> {
	limitRequest(ctx.limits.web3, client.ip);
	throw unprocessable('web3_provider_disabled', 'Web3 provider is disabled');
}
