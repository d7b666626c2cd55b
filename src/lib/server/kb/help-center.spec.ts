// The help center's and the editor's requests, exactly: a changed filter (a draft let through, a
// search without its status) fails here before a visitor sees the wrong article.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { recordingClient, sent } from '../recording-client';
import { loadStaffArticles } from './editor';
import { loadArticle, searchHelpCenter } from './help-center';

beforeEach(() => {
	vi.spyOn(console, 'error').mockImplementation(() => {});
});

const article = {
	id: 7,
	slug: 'reset-your-password',
	title: 'Reset your password',
	body: 'Steps',
	tags: [],
	visibility: 'public',
	updated_at: '2026-12-01T09:00:00Z',
	published_at: '2026-12-01T09:00:00Z',
	category: { slug: 'account', name: 'Account' }
};

describe('a help center article', () => {
	it('is asked for by slug and only when published, with its related articles', async () => {
		const { client, requests } = recordingClient((request) =>
			request.path.startsWith('/rest/v1/rpc/') ? Response.json([]) : Response.json(article)
		);
		expect(await loadArticle(client, 'reset-your-password')).toEqual({ article, related: [] });
		const byPath = (path: string) => sent(requests.find((r) => r.path === path)!);
		expect(requests).toHaveLength(2);
		expect(byPath('/rest/v1/kb_articles')).toEqual({
			method: 'GET',
			path: '/rest/v1/kb_articles',
			params: {
				select:
					'id,slug,title,body,tags,visibility,updated_at,published_at,category:kb_categories(slug,name)',
				slug: 'eq.reset-your-password',
				status: 'eq.published'
			},
			body: undefined
		});
		expect(byPath('/rest/v1/rpc/related_kb_articles')).toEqual({
			method: 'POST',
			path: '/rest/v1/rpc/related_kb_articles',
			params: {},
			body: { article_slug: 'reset-your-password', result_limit: 4 }
		});
	});

	it('is a 404 when RLS or the status hides it, so nobody learns it exists', async () => {
		const { client } = recordingClient(() => Response.json([]));
		await expect(loadArticle(client, 'refund-approval-policy')).rejects.toMatchObject({
			status: 404
		});
	});
});

describe('searching', () => {
	it('asks for published articles only, and nothing for an empty search', async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		expect(await searchHelpCenter(client, '   ')).toEqual([]);
		expect(requests).toHaveLength(0);
		await searchHelpCenter(client, 'reset password');
		expect(sent(requests[0]).body).toEqual({
			search: 'reset password',
			result_limit: 20,
			with_status: 'published'
		});
	});

	it('filters the editor’s list by status, visibility and category', async () => {
		const { client, requests } = recordingClient(() => Response.json([]));
		await loadStaffArticles(client, {
			query: '',
			status: 'draft',
			visibility: 'internal',
			category: 'cb000000-0000-4000-8000-000000000001'
		});
		expect(sent(requests[0]).params).toEqual({
			select:
				'id,slug,title,status,visibility,updated_at,category_id,stats:kb_article_stats(views,helpful,not_helpful,deflections)',
			status: 'eq.draft',
			visibility: 'eq.internal',
			category_id: 'eq.cb000000-0000-4000-8000-000000000001',
			order: 'updated_at.desc',
			limit: '200'
		});
	});
});
