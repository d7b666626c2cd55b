// The part of supabase/config.toml the stack reads, validated; unknown keys are ignored.
import { z } from 'zod';
import { inbucketDefaults } from './inbucket-defaults';
import { parseDuration, parseSize } from './units';

const size = z.union([z.string(), z.number()]).transform((value, ctx) => {
	const bytes = parseSize(value);
	if (bytes === undefined) {
		ctx.addIssue({ code: 'custom', message: `"${value}" is not a size like "50MiB"` });
		return z.NEVER;
	}
	return bytes;
});

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
	const seconds = parseDuration(value);
	if (seconds === undefined) {
		ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration like "1s" or "5m"` });
		return z.NEVER;
	}
	return seconds;
});

const count = z.number().int().nonnegative();

const hookUri = z
	.string()
	.regex(
		/^pg-functions:\/\/[^/]+\/[^/]+\/[^/]+$/,
		'must look like "pg-functions://postgres/<schema>/<function>"'
	);

const pgHook = z
	.object({ enabled: z.boolean().default(false), uri: hookUri.optional() })
	.refine((hook) => !hook.enabled || hook.uri, 'an enabled hook needs a uri');

const emailTemplate = z.object({
	subject: z.string().optional(),
	content_path: z.string().optional()
});

// [auth.mfa.<factor>]; like the CLI, enrolling needs verifying on too.
const mfaFactor = z
	.looseObject({
		enroll_enabled: z.boolean().default(false),
		verify_enabled: z.boolean().default(false)
	})
	.refine((factor) => !factor.enroll_enabled || factor.verify_enabled, {
		message: 'enroll_enabled requires verify_enabled',
		path: ['enroll_enabled']
	})
	.prefault({});

const bucket = z.object({
	public: z.boolean().default(false),
	file_size_limit: size.optional(),
	allowed_mime_types: z.array(z.string()).optional(),
	objects_path: z.string().optional()
});

export const configSchema = z.object({
	project_id: z.string().optional(),
	api: z
		.object({
			schemas: z.array(z.string()).default(['public', 'graphql_public']),
			extra_search_path: z.array(z.string()).default(['public', 'extensions']),
			max_rows: count.default(1000),
			// The local stack's own switch: refuse requests without an `apikey` as hosted Supabase
			// does; `supabase start` (the default) passes them through to the services.
			require_api_key: z.boolean().default(false)
		})
		.prefault({}),
	db: z
		.object({
			seed: z
				.object({
					enabled: z.boolean().default(true),
					sql_paths: z.array(z.string()).default(['./seed.sql'])
				})
				.prefault({})
		})
		.prefault({}),
	// The local mail catcher: a web inbox on `port`, and an SMTP listener on `smtp_port` when set
	// (the CLI exposes one only then). POP3 is not offered.
	inbucket: z
		.object({
			enabled: z.boolean().default(inbucketDefaults.enabled),
			port: count.max(65535).default(inbucketDefaults.port),
			smtp_port: count.max(65535).optional(),
			pop3_port: count.max(65535).optional(),
			admin_email: z.string().default('admin@email.com'),
			sender_name: z.string().default('Admin')
		})
		.prefault({}),
	storage: z
		.object({
			file_size_limit: size.default(50 * 1024 * 1024),
			// As with the CLI, transformations run only when the section says so.
			image_transformation: z.object({ enabled: z.boolean().default(false) }).prefault({}),
			buckets: z.record(z.string(), bucket).default({})
		})
		.prefault({}),
	auth: z
		.object({
			site_url: z.url().default('http://127.0.0.1:3000'),
			additional_redirect_urls: z.array(z.string()).default(['https://127.0.0.1:3000']),
			jwt_expiry: count.max(604800).default(3600),
			// A JWK set as `supabase gen signing-key` writes it, relative to supabase/ as the CLI reads it.
			signing_keys_path: z.string().min(1).optional(),
			enable_signup: z.boolean().default(true),
			enable_anonymous_sign_ins: z.boolean().default(false),
			enable_refresh_token_rotation: z.boolean().default(true),
			refresh_token_reuse_interval: count.default(10),
			minimum_password_length: count.default(6),
			password_requirements: z
				.enum([
					'',
					'letters_digits',
					'lower_upper_letters_digits',
					'lower_upper_letters_digits_symbols'
				])
				.default(''),
			rate_limit: z
				.object({
					email_sent: count.default(2),
					sms_sent: count.default(30),
					anonymous_users: count.default(30),
					token_refresh: count.default(150),
					sign_in_sign_ups: count.default(30),
					token_verifications: count.default(30),
					web3: count.default(30)
				})
				.prefault({}),
			email: z
				.object({
					enable_signup: z.boolean().default(true),
					enable_confirmations: z.boolean().default(false),
					double_confirm_changes: z.boolean().default(true),
					secure_password_change: z.boolean().default(false),
					max_frequency: duration.default(1),
					otp_length: count.min(6).max(10).default(6),
					otp_expiry: count.max(86400).default(3600),
					// [auth.email.template.<invite|confirmation|recovery|magic_link|email_change>]
					template: z.record(z.string(), emailTemplate).default({})
				})
				.prefault({}),
			mfa: z
				.object({
					max_enrolled_factors: count.default(10),
					totp: mfaFactor,
					// The stack sends no SMS and speaks no WebAuthn: these must stay off.
					phone: mfaFactor.refine(
						(factor) => !factor.enroll_enabled && !factor.verify_enabled,
						'the local stack has no SMS provider, so phone MFA must stay disabled'
					),
					web_authn: mfaFactor.refine(
						(factor) => !factor.enroll_enabled && !factor.verify_enabled,
						'the local stack does not support WebAuthn MFA; it must stay disabled'
					)
				})
				.prefault({}),
			hook: z
				.object({
					custom_access_token: pgHook.optional(),
					password_verification_attempt: pgHook.optional(),
					// Refused rather than skipped: a project counting on it would be unprotected here.
					mfa_verification_attempt: z
						.looseObject({ enabled: z.boolean().default(false) })
						.refine(
							(hook) => !hook.enabled,
							'the local stack does not run the MFA verification attempt hook; disable it locally'
						)
						.optional()
				})
				.prefault({})
		})
		.prefault({})
});

export type StackConfig = z.infer<typeof configSchema>;
