// Readers' feedback on articles: `Was this helpful?` votes and views. The database counts each once
// per visitor (vote_kb_article, record_kb_view); an anonymous visitor is a random id in a cookie,
// and the answers they gave are remembered in another so the page shows them on the next visit.
// Cookie ids cost nothing to make, so votes are also limited per network address here.
import type { Cookies } from '@sveltejs/kit';
import { LRUCache } from 'lru-cache';
import type { AppSupabaseClient } from '$lib/supabase';

const visitorCookie = 'kb_visitor';
const votedCookie = 'kb_voted';
const cookieOptions = {
	path: '/help',
	httpOnly: true,
	sameSite: 'lax',
	maxAge: 60 * 60 * 24 * 365
} as const;

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** This browser's visitor id, made on its first vote or view. */
export function visitorId(cookies: Cookies): string {
	const known = cookies.get(visitorCookie);
	if (known && uuidPattern.test(known)) return known;
	const id = crypto.randomUUID();
	cookies.set(visitorCookie, id, cookieOptions);
	return id;
}

/** The article ids this browser has voted on (the last 100), as `true` for helpful. */
export function votesOf(cookies: Cookies): Map<number, boolean> {
	const votes = new Map<number, boolean>();
	for (const entry of (cookies.get(votedCookie) ?? '').split('.')) {
		const match = /^(\d{1,18})([yn])$/.exec(entry);
		if (match) votes.set(Number(match[1]), match[2] === 'y');
	}
	return votes;
}

function rememberVote(cookies: Cookies, article: number, helpful: boolean) {
	const votes = votesOf(cookies);
	votes.delete(article);
	votes.set(article, helpful);
	const kept = [...votes].slice(-100).map(([id, yes]) => `${id}${yes ? 'y' : 'n'}`);
	cookies.set(votedCookie, kept.join('.'), cookieOptions);
}

/** Votes per network address: 30 in ten minutes is more than any reader gives. */
const votesByAddress = new LRUCache<string, number>({ max: 10_000, ttl: 10 * 60 * 1000 });
const votesPerAddress = 30;

export type VoteOutcome =
	| { ok: true; helpful: boolean; already: boolean }
	| { ok: false; status: 404 | 429 | 503; message: string };

export async function vote(
	supabase: AppSupabaseClient,
	cookies: Cookies,
	address: string,
	article: number,
	helpful: boolean
): Promise<VoteOutcome> {
	const previous = votesOf(cookies).get(article);
	if (previous !== undefined) return { ok: true, helpful: previous, already: true };
	const count = votesByAddress.get(address) ?? 0;
	if (count >= votesPerAddress) {
		return { ok: false, status: 429, message: 'Too many votes. Try again in a few minutes.' };
	}
	votesByAddress.set(address, count + 1, { noUpdateTTL: count > 0 });
	const { data, error } = await supabase.rpc('vote_kb_article', {
		article,
		helpful,
		visitor: visitorId(cookies)
	});
	if (error?.code === 'P0002')
		return { ok: false, status: 404, message: 'There is no such article.' };
	if (error?.code === 'PT429') return { ok: false, status: 429, message: error.message };
	if (error) {
		console.error('help center: vote', error);
		return { ok: false, status: 503, message: 'Your vote could not be saved. Try again.' };
	}
	rememberVote(cookies, article, helpful);
	return { ok: true, helpful, already: data === 'already voted' };
}

/** Counts a view of `article` by this visitor (once a day, by the database). */
export async function recordView(supabase: AppSupabaseClient, cookies: Cookies, article: number) {
	const { error } = await supabase.rpc('record_kb_view', { article, visitor: visitorId(cookies) });
	if (error) console.error('help center: view', error);
}
