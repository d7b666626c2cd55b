// /factors: MFA with TOTP, as GoTrue's mfa.go serves it: enrol (the secret, its otpauth:// URI and
// the QR code), challenge, verify (a session at aal2, `totp` in its `amr`) and unenrol, with
// GoTrue's checks, error codes and its limit of 15 challenges or verifications a minute per IP
// address (bursts of 30). Phone and WebAuthn factors stay off.
import { z } from 'zod';
import { requireUser, type Caller } from '../authenticate';
import { json, type AuthRequest, type Reply } from '../context';
import { badRequest, forbidden, internal, notFound, unprocessable } from '../errors';
import {
	afterVerification,
	completeChallenge,
	createChallenge,
	deleteChallenge,
	deleteExpiredFactors,
	deleteFactor,
	findChallenge,
	findOwnedFactor,
	insertTotpFactor,
	listFactors,
	type FactorRow
} from '../mfa/factors';
import { generateTotpSecret, qrCodeSvg, totpUri, validTotp } from '../mfa/totp';
import { limitRequest } from '../rate-limit';
import { readJson, readJsonIfAny, text } from '../request';
import { sessionAal, swapRefreshToken } from '../sessions';
import { issueAccessToken, sessionResponse } from '../tokens';
import { asAuthAdmin } from '../transaction';
import { findUserById, type UserRow } from '../users';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const disabledFor = {
	phone: 'Phone',
	webauthn: 'WebAuthn'
} as const;

/** The signed-in, non-anonymous caller of a /factors endpoint. */
async function mfaCaller({ ctx, req }: AuthRequest): Promise<Caller> {
	const caller = await requireUser(ctx, req);
	if (caller.claims.is_anonymous === true) {
		throw forbidden('no_authorization', 'Anonymous user not allowed to perform these actions');
	}
	return caller;
}

/** The factor named in the path, if `user` owns it (GoTrue's loadFactor). */
export async function loadFactor(request: AuthRequest, user: UserRow): Promise<FactorRow> {
	const id = request.params.factor_id;
	if (!uuidPattern.test(id)) throw notFound('validation_failed', 'factor_id must be an UUID');
	const factor = await findOwnedFactor(request.ctx.db, user.id, id);
	if (!factor) throw notFound('mfa_factor_not_found', 'Factor not found');
	return factor;
}

const enrollBody = z.looseObject({
	friendly_name: text(),
	factor_type: text(),
	issuer: text(),
	phone: text()
});

export async function enrollFactor(request: AuthRequest): Promise<Reply> {
	const { ctx, req } = request;
	const { user, sessionId } = await mfaCaller(request);
	if (!sessionId) {
		throw internal('A valid session and a registered user are required to enroll a factor');
	}
	const body = await readJson(req, enrollBody);
	const type = body.factor_type ?? '';
	if (type === 'phone' || type === 'webauthn') {
		throw unprocessable(
			`mfa_${type}_enroll_not_enabled`,
			`MFA enroll is disabled for ${disabledFor[type]}`
		);
	}
	if (type !== 'totp') {
		throw badRequest('validation_failed', 'factor_type needs to be totp, phone, or webauthn');
	}
	const { mfa } = ctx.settings;
	if (!mfa.totpEnroll) {
		throw unprocessable('mfa_totp_enroll_not_enabled', 'MFA enroll is disabled for TOTP');
	}
	const friendlyName = body.friendly_name ?? '';
	const issuer = body.issuer || mfa.defaultIssuer;

	const enrolled = await asAuthAdmin(ctx.db, async (tx) => {
		await deleteExpiredFactors(tx, mfa);
		const factors = await listFactors(tx, user.id);
		if (factors.some((factor) => factor.friendly_name === friendlyName)) {
			throw unprocessable(
				'mfa_factor_name_conflict',
				`A factor with the friendly name ${JSON.stringify(friendlyName)} for this user already exists`
			);
		}
		const verified = factors.filter((factor) => factor.status === 'verified').length;
		if (factors.length >= mfa.maxEnrolledFactors || verified >= mfa.maxVerifiedFactors) {
			throw unprocessable(
				'too_many_enrolled_mfa_factors',
				'Maximum number of verified factors reached, unenroll to continue'
			);
		}
		if (verified > 0 && (await sessionAal(tx, sessionId)) !== 'aal2') {
			throw forbidden('insufficient_aal', 'AAL2 required to enroll a new factor');
		}
		const secret = generateTotpSecret();
		const uri = totpUri(issuer, user.email, secret);
		const factor = await insertTotpFactor(tx, user.id, friendlyName, secret);
		return { factor, secret, uri };
	});
	return json({
		id: enrolled.factor.id,
		type: 'totp',
		friendly_name: enrolled.factor.friendly_name,
		totp: { qr_code: qrCodeSvg(enrolled.uri), secret: enrolled.secret, uri: enrolled.uri }
	});
}

export async function challengeFactor(request: AuthRequest): Promise<Reply> {
	const { ctx, req, client } = request;
	const { user } = await mfaCaller(request);
	const factor = await loadFactor(request, user);
	limitRequest(ctx.limits.factorChallenges, client.ip);
	await readJsonIfAny(req, z.looseObject({ channel: text() }));
	if (!ctx.settings.mfa.totpVerify) {
		throw unprocessable('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP');
	}
	const challenge = await asAuthAdmin(ctx.db, (tx) =>
		createChallenge(tx, factor.id, client.ip, ctx.settings.mfa)
	);
	return json({ id: challenge.id, type: factor.factor_type, expires_at: challenge.expiresAt });
}

const verifyBody = z.looseObject({ challenge_id: text(), code: text() });

/** Go decodes `challenge_id` into a UUID, failing the body as gofrs/uuid words it. */
function challengeId(value: string): string {
	if (uuidPattern.test(value)) return value;
	const reason =
		value.length === 36
			? `uuid: incorrect UUID format in string ${JSON.stringify(value)}`
			: `uuid: incorrect UUID length ${value.length} in string ${JSON.stringify(value)}`;
	throw badRequest('bad_json', `Could not parse request body as JSON: ${reason}`);
}

export async function verifyFactor(request: AuthRequest): Promise<Reply> {
	const { ctx, req, client } = request;
	const { user, sessionId } = await mfaCaller(request);
	const factor = await loadFactor(request, user);
	limitRequest(ctx.limits.factorVerifications, client.ip);
	const body = await readJson(req, verifyBody);
	const id = challengeId(body.challenge_id ?? '');
	if (!body.code) throw badRequest('validation_failed', 'Code needs to be non-empty');
	const { mfa } = ctx.settings;
	if (!mfa.totpVerify) {
		throw unprocessable('mfa_totp_verify_not_enabled', 'MFA verification is disabled for TOTP');
	}

	const challenge = await findChallenge(ctx.db, factor.id, id, mfa);
	if (!challenge) {
		throw unprocessable(
			'mfa_factor_not_found',
			'MFA factor with the provided challenge ID not found'
		);
	}
	if (challenge.verified || challenge.ip_address !== client.ip) {
		throw unprocessable('mfa_ip_address_mismatch', 'Challenge and verify IP addresses mismatch.');
	}
	if (challenge.expired) {
		await asAuthAdmin(ctx.db, (tx) => deleteChallenge(tx, challenge.id));
		throw unprocessable(
			'mfa_challenge_expired',
			`MFA challenge ${challenge.id} has expired, verify against another challenge or create a new challenge.`
		);
	}
	if (!validTotp(body.code, factor.secret)) {
		throw unprocessable('mfa_verification_failed', 'Invalid TOTP code entered');
	}
	if (!sessionId) throw internal('Cannot read SessionId claim as UUID');

	const session = await asAuthAdmin(ctx.db, async (tx) => {
		await completeChallenge(tx, challenge.id, factor.id, sessionId);
		const refreshToken = await swapRefreshToken(tx, sessionId);
		const current = (await findUserById(tx, user.id)) as UserRow;
		const access = await issueAccessToken(tx, ctx, current, sessionId, 'totp', client);
		await afterVerification(tx, user.id);
		return sessionResponse(access, refreshToken, current);
	});
	return json(session);
}

export async function unenrollFactor(request: AuthRequest): Promise<Reply> {
	const { ctx } = request;
	const { user, sessionId } = await mfaCaller(request);
	const factor = await loadFactor(request, user);
	if (!sessionId) {
		throw internal('A valid session and factor are required to unenroll a factor');
	}
	if (factor.status === 'verified' && (await sessionAal(ctx.db, sessionId)) !== 'aal2') {
		throw unprocessable('insufficient_aal', 'AAL2 required to unenroll verified factor');
	}
	await asAuthAdmin(ctx.db, (tx) => deleteFactor(tx, factor));
	return json({ id: factor.id });
}
