import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config';
import { compileTemplate, loadTemplates, type TemplateData } from './templates';

const data: TemplateData = {
	ConfirmationURL: 'http://api/verify?token=t&type=invite',
	Token: '123456',
	TokenHash: 'abc',
	SiteURL: 'http://localhost:3000',
	RedirectTo: 'http://localhost:3000/welcome',
	Email: 'ann@example.com',
	Data: { full_name: 'Ann <3' }
};

describe('email templates', () => {
	it("render GoTrue's variables, HTML-escaped, and .Data keys", () => {
		const render = compileTemplate(
			'<a href="{{ .ConfirmationURL }}">{{ .Data.full_name }}</a> {{.Token}} {{ .Data.missing }}.',
			'test'
		);
		expect(render(data)).toBe(
			'<a href="http://api/verify?token=t&amp;type=invite">Ann &lt;3</a> 123456 .'
		);
	});

	it('honour Go trim markers', () => {
		expect(compileTemplate('code:  {{- .Token -}}  .', 'test')(data)).toBe('code:123456.');
	});

	it('refuse at startup what they cannot render, naming it', () => {
		expect(() => compileTemplate('{{ if .Token }}x{{ end }}', 'invite.html')).toThrowError(
			ConfigError
		);
		expect(() => compileTemplate('{{ .Unknown }}', 'invite.html')).toThrowError(
			/^invite\.html: the local stack cannot render \{\{ \.Unknown \}\}/
		);
	});

	it('name the config key of a template file that cannot be read', async () => {
		await expect(
			loadTemplates('/nowhere', { invite: { content_path: './supabase/templates/invite.html' } })
		).rejects.toThrowError(/^Invalid config for auth\.email\.template\.invite\.content_path: /);
	});
});
