// The user object exactly as GoTrue serializes it: fields in its order, empty optional fields left
// out, email and phone as '' when absent.
import { factorJson } from './mfa/factors';
import type { IdentityRow, UserRow } from './users';

const optional = (key: string, value: unknown) =>
	value === null || value === undefined || value === '' ? {} : { [key]: value };

function identityJson(identity: IdentityRow): Record<string, unknown> {
	return {
		identity_id: identity.identity_id,
		id: identity.id,
		user_id: identity.user_id,
		...optional('identity_data', identity.identity_data),
		provider: identity.provider,
		...optional('last_sign_in_at', identity.last_sign_in_at),
		created_at: identity.created_at,
		updated_at: identity.updated_at,
		...optional('email', identity.email)
	};
}

export function userJson(user: UserRow): Record<string, unknown> {
	return {
		id: user.id,
		aud: user.aud,
		role: user.role,
		email: user.email,
		...optional('email_confirmed_at', user.email_confirmed_at),
		...optional('invited_at', user.invited_at),
		phone: user.phone,
		...optional('phone_confirmed_at', user.phone_confirmed_at),
		...optional('confirmation_sent_at', user.confirmation_sent_at),
		...optional('confirmed_at', user.confirmed_at),
		...optional('recovery_sent_at', user.recovery_sent_at),
		...optional('new_email', user.email_change),
		...optional('email_change_sent_at', user.email_change_sent_at),
		...optional('new_phone', user.phone_change),
		...optional('phone_change_sent_at', user.phone_change_sent_at),
		...optional('reauthentication_sent_at', user.reauthentication_sent_at),
		...optional('last_sign_in_at', user.last_sign_in_at),
		app_metadata: user.raw_app_meta_data,
		user_metadata: user.raw_user_meta_data,
		...(user.factors.length > 0 && { factors: user.factors.map(factorJson) }),
		identities: user.identities.map(identityJson),
		created_at: user.created_at,
		updated_at: user.updated_at,
		...optional('banned_until', user.banned_until),
		...optional('deleted_at', user.deleted_at),
		is_anonymous: user.is_anonymous
	};
}
