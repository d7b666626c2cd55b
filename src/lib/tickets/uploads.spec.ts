import { describe, expect, it } from 'vitest';
import { formatBytes, storageName, uploadProblem } from './uploads';

const png = new Uint8Array([
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0, 0, 0, 0
]);
const text = new TextEncoder().encode('<script>alert(1)');

describe('files the composer uploads', () => {
	it('accepts an image that is what it says', () => {
		expect(uploadProblem({ name: 'screen.png', type: 'image/png', size: 2048 }, png)).toBeNull();
	});

	it('refuses a file whose content lies about its type', () => {
		expect(uploadProblem({ name: 'evil.png', type: 'image/png', size: 20 }, text)).toBe(
			'evil.png does not contain what its name says (image/png); it was not attached.'
		);
	});

	it('refuses oversized, empty and disallowed files with a reason', () => {
		expect(
			uploadProblem({ name: 'huge.pdf', type: 'application/pdf', size: 30 * 1024 * 1024 }, png)
		).toBe('huge.pdf is 30 MB; files can be up to 25 MB.');
		expect(uploadProblem({ name: 'empty.txt', type: 'text/plain', size: 0 }, png)).toBe(
			'empty.txt is empty.'
		);
		expect(uploadProblem({ name: 'page.html', type: 'text/html', size: 10 }, text)).toMatch(
			/^page.html is not a type we accept/
		);
	});

	it('stores files under a safe name', () => {
		expect(storageName('Screen shot 2026/03/01.png')).toBe('Screen-shot-2026-03-01.png');
		expect(storageName('../../etc/passwd')).toBe('..-..-etc-passwd');
		expect(storageName('😀.pdf')).toBe('file.pdf');
		expect(storageName(`${'a'.repeat(300)}.txt`)).toHaveLength(100);
	});

	it('says sizes as people read them', () => {
		expect(formatBytes(512)).toBe('512 B');
		expect(formatBytes(2048)).toBe('2 KB');
		expect(formatBytes(5 * 1024 * 1024)).toBe('5 MB');
	});
});
