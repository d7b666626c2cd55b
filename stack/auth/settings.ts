// The Auth API's settings, derived once from config.toml's [auth] section under GoTrue's names.
import type { StackConfig } from '../config';
import type { PasswordRules } from './passwords';
import { createRedirectPolicy, type RedirectPolicy } from './redirect';

export interface HookTarget {
	/** As written in config.toml, for error messages. */
	uri: string;
	/** `"schema"."function"`, ready to call. */
	sqlName: string;
}

export interface AuthSettings {
	siteUrl: string;
	redirects: RedirectPolicy;
	/** The JWT issuer: the API's external URL followed by /auth/v1, as the CLI sets it. */
	issuer: string;
	jwtExpiry: number;
	signupEnabled: boolean;
	emailProviderEnabled: boolean;
	/** True unless `auth.email.enable_confirmations`. */
	autoconfirm: boolean;
	anonymousSignInsEnabled: boolean;
	rotation: boolean;
	reuseIntervalSeconds: number;
	password: PasswordRules;
	secureEmailChange: boolean;
	securePasswordChange: boolean;
	mailMaxFrequencySeconds: number;
	otpLength: number;
	otpExpirySeconds: number;
	/** How long a PKCE auth code may wait for its exchange (GoTrue's default). */
	flowStateExpirySeconds: number;
	hook: HookTarget | undefined;
	/** `[auth.hook.password_verification_attempt]`, when enabled. */
	passwordVerificationHook: HookTarget | undefined;
	mfa: MfaSettings;
}

export interface MfaSettings {
	totpEnroll: boolean;
	totpVerify: boolean;
	maxEnrolledFactors: number;
	/** GoTrue's defaults, which the CLI does not expose. */
	maxVerifiedFactors: number;
	challengeExpirySeconds: number;
	/** An unverified factor without challenges is removed after this long. */
	unverifiedFactorExpirySeconds: number;
	/** A TOTP factor's issuer when the enrolment names none: the site URL's host. */
	defaultIssuer: string;
}

const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** `pg-functions://postgres/<schema>/<function>` as the SQL name GoTrue calls. */
function hookTarget(uri: string): HookTarget {
	const [schema, fn] = new URL(uri).pathname.split('/').filter(Boolean);
	return { uri, sqlName: `${quoteIdent(schema)}.${quoteIdent(fn)}` };
}

type HookConfig = StackConfig['auth']['hook']['custom_access_token'];

const enabledHook = (hook: HookConfig) =>
	hook?.enabled && hook.uri ? hookTarget(hook.uri) : undefined;

export function authSettings(config: StackConfig['auth'], apiUrl: string): AuthSettings {
	return {
		siteUrl: config.site_url,
		redirects: createRedirectPolicy(config.site_url, config.additional_redirect_urls),
		issuer: `${apiUrl}/auth/v1`,
		jwtExpiry: config.jwt_expiry,
		signupEnabled: config.enable_signup,
		emailProviderEnabled: config.email.enable_signup,
		autoconfirm: !config.email.enable_confirmations,
		anonymousSignInsEnabled: config.enable_anonymous_sign_ins,
		rotation: config.enable_refresh_token_rotation,
		reuseIntervalSeconds: config.refresh_token_reuse_interval,
		password: {
			minLength: Math.max(6, config.minimum_password_length),
			requirement: config.password_requirements
		},
		secureEmailChange: config.email.double_confirm_changes,
		securePasswordChange: config.email.secure_password_change,
		mailMaxFrequencySeconds: config.email.max_frequency,
		otpLength: config.email.otp_length,
		otpExpirySeconds: config.email.otp_expiry,
		flowStateExpirySeconds: 300,
		hook: enabledHook(config.hook.custom_access_token),
		passwordVerificationHook: enabledHook(config.hook.password_verification_attempt),
		mfa: {
			totpEnroll: config.mfa.totp.enroll_enabled,
			totpVerify: config.mfa.totp.verify_enabled,
			maxEnrolledFactors: config.mfa.max_enrolled_factors,
			maxVerifiedFactors: 10,
			challengeExpirySeconds: 300,
			unverifiedFactorExpirySeconds: 300,
			defaultIssuer: new URL(config.site_url).host
		}
	};
}
