// GoTrue endpoints the local stack does not serve (external OAuth providers, SSO, MFA, phone
// sign-in, passkeys): each answers a clear 404 `feature_disabled` naming what is missing, as GoTrue
// answers for a feature a project has turned off.
import type { AuthRequest, Reply } from '../context';
import { badRequest, notFound, OAuthError } from '../errors';

export const unsupported = (what: string) => async (): Promise<Reply> => {
	throw notFound('feature_disabled', `The local stack does not support ${what}`);
};

/** /authorize starts an external OAuth sign-in; the local stack has no providers to send to. */
export async function authorize({ url }: AuthRequest): Promise<Reply> {
	const provider = url.searchParams.get('provider') ?? '';
	throw badRequest(
		'validation_failed',
		`Unsupported provider: provider ${provider ? `${provider} ` : ''}is not enabled (the local stack has no external OAuth providers)`
	);
}

/** /callback: a provider's error comes back OAuth-style, as GoTrue passes it on. */
export async function callback({ url }: AuthRequest): Promise<Reply> {
	const error = url.searchParams.get('error');
	if (error) throw new OAuthError(error, url.searchParams.get('error_description') ?? '');
	throw notFound(
		'feature_disabled',
		'The local stack has no external OAuth providers to call back'
	);
}
