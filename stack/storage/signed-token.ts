// Signed URL tokens: JWTs signed with the project secret, bound to one `<bucket>/<path>` and to one
// action (Storage's `scope`), so a download token can never be replayed to upload.
import { JwtError, type JwtCodec } from '../keys';
import { storageErrors } from './errors';

/** How long a signed upload URL lasts, as on hosted Supabase (two hours). */
const uploadUrlLifetimeSeconds = 2 * 60 * 60;

export interface DownloadToken {
	url: string;
	scope: 'download';
	exp: number;
}

export interface UploadToken {
	url: string;
	scope: 'upload';
	owner: string | undefined;
	upsert: boolean;
	exp: number;
}

const now = () => Math.floor(Date.now() / 1000);

export function signDownloadToken(jwt: JwtCodec, url: string, expiresIn: number): Promise<string> {
	const iat = now();
	return jwt.sign({ url, scope: 'download', iat, exp: iat + Math.floor(expiresIn) });
}

export function signUploadToken(
	jwt: JwtCodec,
	claims: { url: string; owner: string | undefined; upsert: boolean }
): Promise<string> {
	const iat = now();
	return jwt.sign({ ...claims, scope: 'upload', iat, exp: iat + uploadUrlLifetimeSeconds });
}

/** Verifies a token for `url` and `scope`, with Storage's errors for each way it can fail. */
export async function verifyToken<Scope extends 'download' | 'upload'>(
	jwt: JwtCodec,
	token: string,
	url: string,
	scope: Scope
): Promise<Scope extends 'upload' ? UploadToken : DownloadToken> {
	let claims: Record<string, unknown>;
	try {
		claims = await jwt.verify(token);
	} catch (error) {
		throw storageErrors.invalidJwt(
			error instanceof JwtError && error.reason === 'expired'
				? '"exp" claim timestamp check failed'
				: (error as Error).message
		);
	}
	// Tokens from before scopes existed: upload tokens are the ones that carry `upsert`.
	const tokenScope = claims.scope ?? ('upsert' in claims ? 'upload' : 'download');
	if (tokenScope !== scope)
		throw storageErrors.invalidSignature(`Token is not scoped for ${scope}`);
	if (claims.url !== url) throw storageErrors.invalidSignature();
	return claims as unknown as Scope extends 'upload' ? UploadToken : DownloadToken;
}
