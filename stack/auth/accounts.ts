// Changes to an account that several endpoints share, each as GoTrue's user model makes it:
// creating an email user, confirming an address, changing the password, recomputing providers.
import type { Queryable } from '../db';
import { internal } from './errors';
import { endAllSessions, endOtherSessions } from './sessions';
import {
	clearOneTimeTokens,
	identityData,
	insertIdentity,
	insertUser,
	mergeMetadata,
	now,
	updateIdentityData,
	updateUser,
	type UserRow
} from './users';

export interface NewEmailUser {
	email: string;
	/** '' for invited users, who choose a password after accepting. */
	passwordHash: string;
	data: Record<string, unknown>;
	aud: string;
}

/**
 * Inserts an email user and its identity. A failing insert (typically a project's trigger on
 * auth.users) answers 500 "Database error saving new user", as GoTrue does.
 */
export async function createEmailUser(tx: Queryable, user: NewEmailUser): Promise<string> {
	let id: string;
	try {
		id = await insertUser(tx, {
			aud: user.aud,
			role: 'authenticated',
			email: user.email,
			phone: null,
			passwordHash: user.passwordHash,
			appMetadata: { provider: 'email', providers: ['email'] },
			userMetadata: user.data
		});
	} catch (error) {
		throw internal('Database error saving new user', error);
	}
	await insertIdentity(tx, id, 'email', identityData(id, { email: user.email }, user.data));
	return id;
}

/** Marks the email confirmed and spends every outstanding one-time token (GoTrue's Confirm). */
export async function confirmEmail(tx: Queryable, userId: string): Promise<void> {
	await updateUser(tx, userId, { confirmation_token: '', email_confirmed_at: now });
	await mergeMetadata(tx, userId, 'raw_user_meta_data', { email_verified: true });
	await clearOneTimeTokens(tx, userId);
}

/** Records that the user's email identity has a verified address. */
export async function verifyEmailIdentity(tx: Queryable, user: UserRow): Promise<void> {
	if (!user.email) return;
	await tx.query(
		`update auth.identities set identity_data = identity_data || '{"email_verified": true}',
			updated_at = now()
		 where user_id = $1 and email = lower($2)`,
		[user.id, user.email]
	);
}

/**
 * Stores a new password hash, spends every pending token and signs the user out everywhere, or
 * everywhere but `keptSessionId` (GoTrue's UpdatePassword).
 */
export async function changePassword(
	tx: Queryable,
	userId: string,
	passwordHash: string,
	keptSessionId?: string
): Promise<void> {
	await updateUser(tx, userId, {
		encrypted_password: passwordHash,
		confirmation_token: '',
		confirmation_sent_at: null,
		recovery_token: '',
		recovery_sent_at: null,
		email_change_token_current: '',
		email_change_token_new: '',
		email_change_sent_at: null
	});
	await clearOneTimeTokens(tx, userId);
	if (keptSessionId) await endOtherSessions(tx, userId, keptSessionId);
	else await endAllSessions(tx, userId);
}

/** Gives a user who sets a first password an email identity if they lack one. */
export async function ensureEmailIdentity(tx: Queryable, user: UserRow): Promise<void> {
	if (!user.email || user.identities.some((identity) => identity.provider === 'email')) return;
	await insertIdentity(tx, user.id, 'email', identityData(user.id, { email: user.email }));
}

/** Merges `fields` into the user's email or phone identity, creating the identity if missing. */
export async function upsertIdentity(
	tx: Queryable,
	user: UserRow,
	provider: 'email' | 'phone',
	fields: Parameters<typeof identityData>[1]
): Promise<void> {
	if (user.identities.some((identity) => identity.provider === provider)) {
		await updateIdentityData(tx, user.id, provider, fields);
	} else {
		await insertIdentity(tx, user.id, provider, identityData(user.id, fields));
	}
}

/** app_metadata.provider(s) from the user's identities, oldest first. */
export async function refreshProviders(tx: Queryable, userId: string): Promise<void> {
	const { rows } = await tx.query<{ providers: string[] }>(
		`select coalesce(array_agg(provider order by first_at), '{}') as providers from (
			select provider, min(created_at) as first_at from auth.identities where user_id = $1 group by provider
		 ) p`,
		[userId]
	);
	const providers = rows[0]?.providers ?? [];
	await mergeMetadata(tx, userId, 'raw_app_meta_data', {
		providers,
		...(providers.length && { provider: providers[0] })
	});
}

/**
 * Makes a pending email change effective: the new address on the user and its email identity
 * (created if missing), confirmed (GoTrue's ConfirmEmailChange).
 */
export async function applyEmailChange(tx: Queryable, user: UserRow): Promise<void> {
	const email = user.email_change;
	await upsertIdentity(tx, user, 'email', { email, email_verified: true });
	await updateUser(tx, user.id, {
		email,
		email_change: '',
		email_change_token_current: '',
		email_change_token_new: '',
		email_change_confirm_status: 0,
		...(user.is_anonymous && { is_anonymous: false })
	});
	await clearOneTimeTokens(tx, user.id);
	if (!user.email_confirmed_at) await confirmEmail(tx, user.id);
}
