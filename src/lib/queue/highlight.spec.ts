import { describe, expect, it } from 'vitest';
import { highlightParts } from './highlight';

describe('highlighted text', () => {
	it('splits into plain and marked parts', () => {
		expect(highlightParts('The \u0002printer\u0003 is on \u0002fire\u0003.')).toEqual([
			{ text: 'The ', match: false },
			{ text: 'printer', match: true },
			{ text: ' is on ', match: false },
			{ text: 'fire', match: true },
			{ text: '.', match: false }
		]);
	});

	it('keeps markup as text', () => {
		expect(highlightParts('<img src=x onerror=alert(1)> \u0002x\u0003')).toEqual([
			{ text: '<img src=x onerror=alert(1)> ', match: false },
			{ text: 'x', match: true }
		]);
	});
});
