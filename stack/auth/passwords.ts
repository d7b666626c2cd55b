// Passwords as GoTrue keeps them: bcrypt (cost 10) in auth.users.encrypted_password, so hashes
// from a Supabase dump or from pgcrypto's `crypt(…, gen_salt('bf'))` in a seed verify here too.
import bcrypt from 'bcryptjs';
import { badRequest, weakPassword } from './errors';

const cost = 10;
/** bcrypt reads only the first 72 bytes; GoTrue refuses longer passwords outright. */
const maxLength = 72;

export const hashPassword = (password: string) => bcrypt.hash(password, cost);

/** False for a wrong password and for a hash bcrypt cannot read (such as an empty one). */
export async function verifyPassword(password: string, hash: string | null): Promise<boolean> {
	if (!hash) return false;
	try {
		return await bcrypt.compare(password, hash);
	} catch {
		return false;
	}
}

/** The character sets `auth.password_requirements` asks a password to draw from. */
const requirementSets: Record<string, string[]> = {
	'': [],
	letters_digits: ['abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '0123456789'],
	lower_upper_letters_digits: [
		'abcdefghijklmnopqrstuvwxyz',
		'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
		'0123456789'
	],
	lower_upper_letters_digits_symbols: [
		'abcdefghijklmnopqrstuvwxyz',
		'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
		'0123456789',
		'!@#$%^&*()_+-=[]{};\'\\:"|<>?,./`~'
	]
};

export interface PasswordRules {
	minLength: number;
	requirement: string;
}

export interface Weakness {
	message: string;
	reasons: string[];
}

/** Why GoTrue would call `password` weak, or undefined; too long is a plain validation error. */
export function weaknessOf(password: string, rules: PasswordRules): Weakness | undefined {
	if (password.length > maxLength) {
		throw badRequest('validation_failed', `Password cannot be longer than ${maxLength} characters`);
	}
	const reasons: string[] = [];
	const messages: string[] = [];
	if (password.length < rules.minLength) {
		reasons.push('length');
		messages.push(`Password should be at least ${rules.minLength} characters.`);
	}
	const sets = requirementSets[rules.requirement] ?? [];
	if (sets.some((set) => ![...set].some((char) => password.includes(char)))) {
		reasons.push('characters');
		messages.push(`Password should contain at least one character of each: ${sets.join(', ')}.`);
	}
	return reasons.length ? { message: messages.join(' '), reasons } : undefined;
}

/** Refuses a weak password with 422 `weak_password`, as sign-up and password changes do. */
export function requireStrongPassword(password: string, rules: PasswordRules): void {
	const weakness = weaknessOf(password, rules);
	if (weakness) throw weakPassword(weakness.message, weakness.reasons);
}
