import { describe, expect, it } from 'vitest';
import { memoizeText } from './memo';

const counting = () => {
	const calls: string[] = [];
	return { calls, render: (text: string) => (calls.push(text), `<p>${text}</p>`) };
};

describe('memoizeText', () => {
	it('renders a text once and answers the same HTML after', () => {
		const { calls, render } = counting();
		const memo = memoizeText(render, 1_000);
		expect(memo('a')).toBe('<p>a</p>');
		expect(memo('a')).toBe('<p>a</p>');
		expect(calls).toEqual(['a']);
	});

	it('forgets the least recently used text once over its size', () => {
		const { calls, render } = counting();
		// Each entry costs its text (1) and its HTML (8): two fit in 20, three do not.
		const memo = memoizeText(render, 20);
		memo('a');
		memo('b');
		memo('a');
		memo('c');
		calls.length = 0;
		memo('a');
		memo('c');
		memo('b');
		expect(calls).toEqual(['b']);
	});

	it('does not keep a text larger than the whole memo', () => {
		const { calls, render } = counting();
		const memo = memoizeText(render, 10);
		memo('long text');
		memo('long text');
		expect(calls).toEqual(['long text', 'long text']);
	});
});
