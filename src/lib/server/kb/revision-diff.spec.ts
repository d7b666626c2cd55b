import { describe, expect, it } from 'vitest';
import { diffRevisions, type RevisionFields } from './revision-diff';

const base: RevisionFields = {
	title: 'Reset your password',
	slug: 'reset-your-password',
	body: 'One\nTwo\nThree\n',
	tags: ['password'],
	status: 'draft',
	visibility: 'public'
};

describe('comparing two revisions', () => {
	it('marks the lines added and removed, keeping the rest', () => {
		const { lines } = diffRevisions(base, { ...base, body: 'One\nTwo, changed\nThree\nFour' });
		expect(lines).toEqual([
			{ kind: 'same', text: 'One' },
			{ kind: 'removed', text: 'Two' },
			{ kind: 'added', text: 'Two, changed' },
			{ kind: 'same', text: 'Three' },
			{ kind: 'added', text: 'Four' }
		]);
	});

	it('names the other fields that changed, and only those', () => {
		const { changed } = diffRevisions(base, {
			...base,
			title: 'Reset a password',
			tags: ['password', 'sign-in'],
			status: 'published'
		});
		expect(changed).toEqual([
			{ field: 'Title', from: 'Reset your password', to: 'Reset a password' },
			{ field: 'Tags', from: 'password', to: 'password, sign-in' },
			{ field: 'Status', from: 'draft', to: 'published' }
		]);
		expect(diffRevisions(base, base).changed).toEqual([]);
	});
});
