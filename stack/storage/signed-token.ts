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
	/** Image transformations fixed by the signer, as `height:100,width:100,resize:contain`. */
	transformations?: string;
	/** The signer's `format` option, kept apart as Storage keeps it. */
	format?: string;
}

/** What a download token may fix besides its object: the rendition it serves. */
export type DownloadRendition = Pick<DownloadToken, 'transformations' | 'format'>;

export interface UploadToken {
	url: string;
	scope: 'upload';
	owner: string | undefined;
	upsert: boolean;
	exp: number;
}

const now = () => Math.floor(Date.now() / 1000);

export function signDownloadToken(
	jwt: JwtCodec,
	url: string,
	expiresIn: number,
	rendition: DownloadRendition = {}
): Promise<string> {
	const iat = now();
	// Empty claims are left out, and `url` and `scope` come last so nothing can override them.
	const fixed = Object.fromEntries(Object.entries(rendition).filter(([, value]) => value));
	return jwt.sign({ ...fixed, url, scope: 'download', iat, exp: iat + Math.floor(expiresIn) });
}

export function signUploadToken(
	jwt: JwtCodec,
	claims: { url: string; owner: string | undefined; upsert: boolean }
): Promise<string> {
	const iat = now();
	return jwt.sign({ ...claims, scope: 'upload', iat, exp: iat + uploadUrlLifetimeSeconds });
}

/** The `token` query parameter of a signed URL, required as Storage's schema requires it. */
export function tokenParam(url: URL): string {
	const token = url.searchParams.get('token');
	if (!token) throw storageErrors.invalidRequest("querystring must have required property 'token'");
	return token;
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
