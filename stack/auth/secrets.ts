// The random values the Auth API hands out: email OTPs and their hashes (what links carry),
// 12-character refresh tokens, and the throwaway passwords GoTrue gives accounts created without one.
import { createHash, randomBytes, randomInt } from 'node:crypto';

/** An `length`-digit one-time code, zero-padded. */
export const generateOtp = (length: number) =>
	String(randomInt(0, 10 ** length)).padStart(length, '0');

/** The hash GoTrue stores and puts in links: sha224 of the address followed by the OTP. */
export const tokenHash = (emailOrPhone: string, otp: string) =>
	createHash('sha224')
		.update(emailOrPhone + otp)
		.digest('hex');

const base32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A refresh token in GoTrue's first format: 12 lowercase base32 characters. */
export function generateRefreshToken(): string {
	const bytes = randomBytes(12);
	return [...bytes].map((byte) => base32[byte % 32]).join('');
}

/**
 * A long random password nobody knows, for users created without one; it holds a character of
 * every class so any `password_requirements` accepts it.
 */
export const generatePassword = () => `${randomBytes(48).toString('base64url')}aZ9!`;
