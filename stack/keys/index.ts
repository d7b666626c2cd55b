export { createKeys, translateKey, defaultJwtSecret, type StackKeys } from './keys';
export { createJwtCodec, JwtError, type JwtClaims, type JwtCodec, type JwtFailure } from './jwt';
