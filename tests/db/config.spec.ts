// The project's supabase/config.toml as the Supabase CLI (and the local stack) reads it: hosted
// Supabase's auth rate limits, so the app is tried under the limits its users meet, with only test
// stacks raising them from the environment.
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../stack/config';
import { raisedAuthLimits } from '../support/auth-limits';
import { projectRoot } from './support/demo';

const hosted = {
	email_sent: 2,
	sms_sent: 30,
	anonymous_users: 30,
	token_refresh: 150,
	sign_in_sign_ups: 30,
	token_verifications: 30
};

describe('supabase/config.toml', () => {
	it('keeps hosted Supabase’s default auth rate limits', async () => {
		const config = await loadConfig(projectRoot, {});
		expect(config.auth.rate_limit).toEqual(hosted);
		expect(parseConfig('').auth.rate_limit).toEqual(hosted);
	});

	it('lets a test stack raise them through SUPABASE_AUTH_RATE_LIMIT_* variables', async () => {
		const config = await loadConfig(projectRoot, raisedAuthLimits);
		expect(config.auth.rate_limit).toMatchObject({
			email_sent: 100000,
			sign_in_sign_ups: 100000,
			token_refresh: 100000,
			token_verifications: 100000
		});
	});

	it('turns on the password verification hook that locks guessed accounts', async () => {
		const config = await loadConfig(projectRoot, {});
		expect(config.auth.hook.password_verification_attempt).toEqual({
			enabled: true,
			uri: 'pg-functions://postgres/public/password_verification_attempt_hook'
		});
	});
});
