// /admin/users (service role only): list with GoTrue's page headers, create, read, update and
// delete users, applying changes directly without any confirmation email.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { changePassword, confirmEmail, ensureEmailIdentity, upsertIdentity } from '../accounts';
import { requireAdmin } from '../authenticate';
import { json, type AuthRequest, type Reply } from '../context';
import { badRequest, internal, notFound, unprocessable } from '../errors';
import { parseGoDuration } from '../go-duration';
import { hashPassword, requireStrongPassword } from '../passwords';
import { flag, object, readJson, readJsonIfAny, text } from '../request';
import { generatePassword } from '../secrets';
import { endAllSessions } from '../sessions';
import { asAuthAdmin } from '../transaction';
import { userJson } from '../user-json';
import {
	clearOneTimeTokens,
	findDuplicateEmail,
	findUserById,
	findUserByPhone,
	identityData,
	insertIdentity,
	insertUser,
	mergeMetadata,
	now,
	updateUser,
	type UserRow
} from '../users';
import { requestAud, validateEmail, validatePhone } from '../validation';

const adminUserBody = z.looseObject({
	id: text(),
	aud: text(),
	role: text(),
	email: text(),
	phone: text(),
	password: text(),
	password_hash: text(),
	email_confirm: flag(),
	phone_confirm: flag(),
	user_metadata: object(),
	app_metadata: object(),
	ban_duration: text()
});
type AdminUserBody = z.infer<typeof adminUserBody>;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `ban_duration` as GoTrue reads it: "none" lifts a ban, otherwise a Go duration. */
function banUntil(duration: string | undefined): Date | null | undefined {
	if (!duration) return undefined;
	if (duration === 'none') return null;
	const ms = parseGoDuration(duration);
	if (ms === undefined) {
		throw badRequest(
			'validation_failed',
			`invalid format for ban duration: time: invalid duration "${duration}"`
		);
	}
	return ms === 0 ? null : new Date(Date.now() + ms);
}

export async function loadUser(request: AuthRequest): Promise<UserRow> {
	const id = request.params.id;
	if (!uuidPattern.test(id)) throw notFound('validation_failed', 'user_id must be an UUID');
	const user = await findUserById(request.ctx.db, id);
	if (!user) throw notFound('user_not_found', 'User not found');
	return user;
}

function parsePage(value: string | null, fallback: number): number {
	if (!value) return fallback;
	if (!/^\d+$/.test(value)) {
		throw badRequest(
			'validation_failed',
			`Bad Pagination Parameters: strconv.ParseUint: parsing "${value}": invalid syntax`
		);
	}
	return Number(value);
}

export async function listUsers(request: AuthRequest): Promise<Reply> {
	const { ctx, req, url } = request;
	await requireAdmin(ctx, req);
	const page = Math.max(1, parsePage(url.searchParams.get('page'), 1));
	const perPage = parsePage(url.searchParams.get('per_page'), 50) || 50;
	const sort = (url.searchParams.get('sort') ?? 'created_at desc').trim().split(/\s+/);
	if (sort[0] !== 'created_at' || !['asc', 'desc', undefined].includes(sort[1]?.toLowerCase())) {
		throw badRequest('validation_failed', `Bad Sort Parameters: field ${sort[0]} is not sortable`);
	}
	const direction = sort[1]?.toLowerCase() === 'asc' ? 'asc' : 'desc';
	const filter = url.searchParams.get('filter');
	const aud = requestAud(req);
	const where = `coalesce(u.instance_id, '00000000-0000-0000-0000-000000000000') = '00000000-0000-0000-0000-000000000000'
		and u.aud = $1 and ($2::text is null or u.email like '%' || $2 || '%'
		  or u.raw_user_meta_data ->> 'full_name' ilike '%' || $2 || '%')`;

	const { rows: counted } = await ctx.db.query<{ total: number }>(
		`select count(*)::int as total from auth.users u where ${where}`,
		[aud, filter]
	);
	const { rows: ids } = await ctx.db.query<{ id: string }>(
		`select u.id from auth.users u where ${where}
		 order by u.created_at ${direction}, u.id ${direction} limit $3 offset $4`,
		[aud, filter, perPage, (page - 1) * perPage]
	);
	const users = await Promise.all(ids.map(({ id }) => findUserById(ctx.db, id)));
	const total = counted[0].total;
	const pages = Math.ceil(total / perPage);

	// GoTrue links to its own path, without the gateway's /auth/v1.
	const link = (to: number) => {
		const query = new URLSearchParams(url.searchParams);
		query.set('page', String(to));
		const sorted = new URLSearchParams([...query].sort(([a], [b]) => a.localeCompare(b)));
		return `</admin/users?${sorted}>`;
	};
	const links = [
		...(pages > page ? [`${link(page + 1)}; rel="next"`] : []),
		`${link(pages)}; rel="last"`
	];
	return json({ users: users.map((user) => userJson(user as UserRow)), aud }, 200, {
		Link: links.join(', '),
		'X-Total-Count': String(total)
	});
}

export async function getAdminUser(request: AuthRequest): Promise<Reply> {
	await requireAdmin(request.ctx, request.req);
	return json(userJson(await loadUser(request)));
}

export async function createAdminUser(request: AuthRequest): Promise<Reply> {
	const { ctx, req } = request;
	await requireAdmin(ctx, req);
	const body = await readJson(req, adminUserBody);
	const aud = body.aud || requestAud(req);
	if (!body.email && !body.phone) {
		throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
	}
	const providers: string[] = [];
	const email = body.email ? validateEmail(body.email) : null;
	if (email) {
		if (await findDuplicateEmail(ctx.db, email, aud)) {
			throw unprocessable(
				'email_exists',
				'A user with this email address has already been registered'
			);
		}
		providers.push('email');
	}
	const phone = body.phone ? validatePhone(body.phone) : null;
	if (phone) {
		if (await findUserByPhone(ctx.db, phone, aud)) {
			throw unprocessable('phone_exists', 'Phone number already registered by another user');
		}
		providers.push('phone');
	}
	if (body.password != null && body.password_hash) {
		throw badRequest('validation_failed', 'Only a password or a password hash should be provided');
	}
	let passwordHash: string;
	if (body.password_hash) {
		if (!/^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/.test(body.password_hash)) {
			throw badRequest(
				'validation_failed',
				'The local stack accepts bcrypt password hashes only ($2a$, $2b$ or $2y$)'
			);
		}
		passwordHash = body.password_hash;
	} else {
		const password = body.password || generatePassword();
		if (Buffer.byteLength(password) > 72) {
			throw badRequest('validation_failed', 'bcrypt: password length exceeds 72 bytes');
		}
		passwordHash = await hashPassword(password);
	}
	if (body.id !== undefined && body.id !== '') {
		if (!uuidPattern.test(body.id)) {
			throw badRequest('validation_failed', 'ID must conform to the uuid v4 format');
		}
		if (/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(body.id)) {
			throw badRequest('validation_failed', 'ID cannot be a nil uuid');
		}
	}
	const bannedUntil = banUntil(body.ban_duration);

	const created = await asAuthAdmin(ctx.db, async (tx) => {
		try {
			const id = await insertUser(tx, {
				id: body.id || undefined,
				aud,
				role: body.role || 'authenticated',
				email,
				phone,
				passwordHash,
				appMetadata: { provider: providers[0], providers, ...(body.app_metadata ?? {}) },
				userMetadata: body.user_metadata ?? {}
			});
			if (email) await insertIdentity(tx, id, 'email', identityData(id, { email }));
			if (phone) await insertIdentity(tx, id, 'phone', identityData(id, { phone }));
			if (body.email_confirm) await confirmEmail(tx, id);
			if (body.phone_confirm) await updateUser(tx, id, { phone_confirmed_at: now });
			if (bannedUntil !== undefined) {
				await updateUser(tx, id, { banned_until: bannedUntil?.toISOString() ?? null });
			}
			return (await findUserById(tx, id)) as UserRow;
		} catch (error) {
			throw internal('Database error creating new user', error);
		}
	});
	return json(userJson(created));
}

export async function updateAdminUser(request: AuthRequest): Promise<Reply> {
	const { ctx, req } = request;
	await requireAdmin(ctx, req);
	const user = await loadUser(request);
	const body: AdminUserBody = await readJson(req, adminUserBody);
	const email = body.email ? validateEmail(body.email) : undefined;
	const phone = body.phone ? validatePhone(body.phone) : undefined;
	const bannedUntil = banUntil(body.ban_duration);
	let passwordHash: string | undefined;
	if (body.password != null) {
		requireStrongPassword(body.password, ctx.settings.password);
		passwordHash = body.password ? await hashPassword(body.password) : '';
	}

	const updated = await asAuthAdmin(ctx.db, async (tx) => {
		try {
			if (body.role) await updateUser(tx, user.id, { role: body.role });
			if (body.email_confirm) await confirmEmail(tx, user.id);
			if (body.phone_confirm) {
				await updateUser(tx, user.id, { phone_confirmed_at: now });
				await clearOneTimeTokens(tx, user.id);
			}
			if (passwordHash !== undefined) await changePassword(tx, user.id, passwordHash);
			if (email) {
				await upsertIdentity(tx, user, 'email', {
					email,
					email_verified: Boolean(body.email_confirm)
				});
				await updateUser(tx, user.id, {
					email,
					...(user.is_anonymous && body.email_confirm && { is_anonymous: false })
				});
			}
			if (phone) {
				await upsertIdentity(tx, user, 'phone', {
					phone,
					phone_verified: Boolean(body.phone_confirm)
				});
				await updateUser(tx, user.id, {
					phone,
					...(user.is_anonymous && body.phone_confirm && { is_anonymous: false })
				});
			}
			if (passwordHash && !user.encrypted_password) {
				await ensureEmailIdentity(tx, (await findUserById(tx, user.id)) as UserRow);
			}
			if (body.app_metadata)
				await mergeMetadata(tx, user.id, 'raw_app_meta_data', body.app_metadata);
			if (body.user_metadata) {
				await mergeMetadata(tx, user.id, 'raw_user_meta_data', body.user_metadata);
			}
			if (bannedUntil !== undefined) {
				await updateUser(tx, user.id, { banned_until: bannedUntil?.toISOString() ?? null });
			}
			return (await findUserById(tx, user.id)) as UserRow;
		} catch (error) {
			throw internal('Error updating user', error);
		}
	});
	return json(userJson(updated));
}

const deleteBody = z.looseObject({ should_soft_delete: flag() });

// GoTrue hides a soft-deleted user's identifiers behind a hash bound to the user's id.
const obfuscate = (id: string, value: string) =>
	value
		? createHash('sha256')
				.update(id + value)
				.digest('base64url')
		: value;

export async function deleteAdminUser(request: AuthRequest): Promise<Reply> {
	const { ctx, req } = request;
	await requireAdmin(ctx, req);
	const user = await loadUser(request);
	const body = await readJsonIfAny(req, deleteBody);
	await asAuthAdmin(ctx.db, async (tx) => {
		if (!body.should_soft_delete) {
			await tx.query(`delete from auth.users where id = $1`, [user.id]);
			return;
		}
		if (user.deleted_at) return;
		await tx.query(
			`update auth.users set email = nullif($2, ''), phone = nullif($3, ''), email_change = $4,
				encrypted_password = null, confirmation_token = '', recovery_token = '',
				email_change_token_current = '', email_change_token_new = '', phone_change_token = '',
				raw_user_meta_data = '{}', raw_app_meta_data = '{}', deleted_at = now(), updated_at = now()
			 where id = $1`,
			[
				user.id,
				obfuscate(user.id, user.email),
				obfuscate(user.id, user.phone).slice(0, 15),
				obfuscate(user.id, user.email_change)
			]
		);
		await clearOneTimeTokens(tx, user.id);
		for (const identity of user.identities) {
			await tx.query(
				`update auth.identities set identity_data = '{}', provider_id = $2, updated_at = now()
				 where id = $1`,
				[identity.identity_id, obfuscate(user.id, `${identity.provider}:${identity.id}`)]
			);
		}
		await endAllSessions(tx, user.id);
	});
	return json({});
}
