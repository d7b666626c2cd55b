export { createKeys, translateKey, defaultJwtSecret, type StackKeys } from './keys';
export {
	createJwtCodec,
	JwtError,
	type JwtClaims,
	type JwtCodec,
	type JwtFailure,
	type VerifyOptions
} from './jwt';
export {
	cliDefaultSigningKey,
	loadSigningKeys,
	parseSigningKeys,
	SigningKeysError,
	type PublicJwk,
	type SigningKey,
	type SigningKeySet
} from './signing-keys';
