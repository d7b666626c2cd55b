import { describe, expect, it } from 'vitest';
import { withoutProvidedExtensions } from './provided-extensions';

describe('withoutProvidedExtensions', () => {
	it('blanks out every form of creating a provided extension', () => {
		const script = [
			'create extension if not exists pg_cron with schema pg_catalog;',
			'CREATE EXTENSION "pg_cron" WITH SCHEMA "extensions" VERSION \'1.6\';',
			'-- enable it\ncreate extension pg_cron;'
		].join('\n');
		expect(withoutProvidedExtensions(script, ['pg_cron']).trim()).toBe('');
	});

	it('keeps other statements where they were, so errors still point at the right line', () => {
		const script =
			"create extension pg_cron;\nselect cron.schedule('a', '* * * * *', $$select 1;$$);\n";
		const result = withoutProvidedExtensions(script, ['pg_cron']);
		expect(result).toHaveLength(script.length);
		expect(result.indexOf('select cron.schedule')).toBe(script.indexOf('select cron.schedule'));
	});

	it('leaves other extensions, names that only start alike, and unrelated text alone', () => {
		const script =
			"create extension if not exists pgcrypto;\ncreate extension pg_cron_extra;\nselect 'create extension pg_cron;';";
		expect(withoutProvidedExtensions(script, ['pg_cron'])).toBe(script);
	});
});
