import { describe, expect, it } from 'vitest';
import { ConfigError, envName, parseConfig } from './index';
import { parseDuration, parseSize } from './units';

describe('config.toml', () => {
	it('fills every default when empty', () => {
		const config = parseConfig('');
		expect(config.auth.jwt_expiry).toBe(3600);
		expect(config.auth.refresh_token_reuse_interval).toBe(10);
		expect(config.auth.rate_limit.sign_in_sign_ups).toBe(30);
		expect(config.api.schemas).toEqual(['public', 'graphql_public']);
		expect(config.storage.file_size_limit).toBe(50 * 1024 * 1024);
	});

	it('reads the keys the stack uses and ignores the rest', () => {
		const config = parseConfig(`
project_id = "x"
[analytics]
enabled = false
[auth]
site_url = "http://localhost:5173"
jwt_expiry = 600
[auth.email]
enable_confirmations = true
max_frequency = "1m"
[auth.hook.custom_access_token]
enabled = true
uri = "pg-functions://postgres/public/custom_access_token_hook"
[storage.buckets.attachments]
file_size_limit = "25MiB"
allowed_mime_types = ["image/png"]
`);
		expect(config.auth.site_url).toBe('http://localhost:5173');
		expect(config.auth.jwt_expiry).toBe(600);
		expect(config.auth.email.enable_confirmations).toBe(true);
		expect(config.auth.email.max_frequency).toBe(60);
		expect(config.auth.hook.custom_access_token?.uri).toContain('custom_access_token_hook');
		expect(config.storage.buckets.attachments).toMatchObject({
			public: false,
			file_size_limit: 25 * 1024 * 1024
		});
	});

	it('names the file and key of an invalid value', () => {
		expect(() => parseConfig('[auth]\njwt_expiry = "soon"', 'c.toml')).toThrowError(
			/^c\.toml: auth\.jwt_expiry: /
		);
		expect(() =>
			parseConfig('[auth.hook.custom_access_token]\nenabled = true\nuri = "http://x"')
		).toThrowError(ConfigError);
		expect(() => parseConfig('[auth\nsite_url=1')).toThrowError(/is not valid TOML/);
	});
});

describe('overriding config.toml from the environment, as the Supabase CLI does', () => {
	const file = '[auth]\njwt_expiry = 3600\n[auth.rate_limit]\nsign_in_sign_ups = 30\n';

	it('takes SUPABASE_<KEY> over the file, typed like the key it replaces', () => {
		const config = parseConfig(file, 'config.toml', {
			SUPABASE_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS: '1000',
			SUPABASE_AUTH_JWT_EXPIRY: '60',
			SUPABASE_AUTH_ENABLE_SIGNUP: 'false',
			SUPABASE_AUTH_EMAIL_MAX_FREQUENCY: '5s'
		});
		expect(config.auth.rate_limit.sign_in_sign_ups).toBe(1000);
		expect(config.auth.jwt_expiry).toBe(60);
		expect(config.auth.enable_signup).toBe(false);
		expect(config.auth.email.max_frequency).toBe(5);
	});

	it('overrides keys the file leaves out, and ignores empty variables', () => {
		const config = parseConfig('', 'config.toml', {
			SUPABASE_AUTH_RATE_LIMIT_EMAIL_SENT: '500',
			SUPABASE_AUTH_JWT_EXPIRY: ''
		});
		expect(config.auth.rate_limit.email_sent).toBe(500);
		expect(config.auth.jwt_expiry).toBe(3600);
	});

	it('reports a bad value under the key it overrides', () => {
		expect(() => parseConfig(file, 'c.toml', { SUPABASE_AUTH_JWT_EXPIRY: 'soon' })).toThrowError(
			/^c\.toml: auth\.jwt_expiry: /
		);
	});

	it('names the variable for a key', () => {
		expect(envName(['auth', 'rate_limit', 'token_refresh'])).toBe(
			'SUPABASE_AUTH_RATE_LIMIT_TOKEN_REFRESH'
		);
	});
});

describe('config.toml for the stack 5 features', () => {
	it('defaults to the CLI: signing keys unset, keys not required, TOTP off', () => {
		const config = parseConfig('');
		expect(config.auth.signing_keys_path).toBeUndefined();
		expect(config.api.require_api_key).toBe(false);
		expect(config.auth.mfa).toMatchObject({
			max_enrolled_factors: 10,
			totp: { enroll_enabled: false, verify_enabled: false }
		});
	});

	it('reads TOTP and refuses enrolling without verifying, as the CLI does', () => {
		const on = parseConfig('[auth.mfa.totp]\nenroll_enabled = true\nverify_enabled = true');
		expect(on.auth.mfa.totp).toEqual({ enroll_enabled: true, verify_enabled: true });
		expect(() => parseConfig('[auth.mfa.totp]\nenroll_enabled = true', 'c.toml')).toThrowError(
			'c.toml: auth.mfa.totp.enroll_enabled: enroll_enabled requires verify_enabled'
		);
	});

	it('refuses phone and WebAuthn MFA, which the stack cannot serve, rather than ignore them', () => {
		expect(() =>
			parseConfig('[auth.mfa.phone]\nenroll_enabled = true\nverify_enabled = true\notp_length = 6')
		).toThrowError(/auth\.mfa\.phone: the local stack has no SMS provider/);
		expect(() => parseConfig('[auth.mfa.web_authn]\nverify_enabled = true')).toThrowError(
			/auth\.mfa\.web_authn: the local stack does not support WebAuthn MFA/
		);
		expect(parseConfig('[auth.mfa.phone]\nenroll_enabled = false\notp_length = 6')).toBeDefined();
		expect(() =>
			parseConfig(
				'[auth.hook.mfa_verification_attempt]\nenabled = true\nuri = "pg-functions://postgres/public/h"'
			)
		).toThrowError(/auth\.hook\.mfa_verification_attempt: the local stack does not run/);
	});
});

describe('units', () => {
	it('parses sizes and durations as the CLI writes them', () => {
		expect(parseSize('50MiB')).toBe(52428800);
		expect(parseSize('25MB')).toBe(25000000);
		expect(parseSize('lots')).toBeUndefined();
		expect(parseDuration('1h30m')).toBe(5400);
		expect(parseDuration('500ms')).toBe(0.5);
		expect(parseDuration('soon')).toBeUndefined();
	});
});
