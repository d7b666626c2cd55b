import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './index';
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
