import { describe, expect, it } from 'vitest';
import { arrivedSince, newestId } from './traffic-cop';

const me = 'agent-1';
const timeline = [
	{ id: 1, kind: 'reply', author: { id: 'customer' } },
	{ id: 2, kind: 'status', author: { id: 'agent-2' } },
	{ id: 3, kind: 'reply', author: { id: me } },
	{ id: 4, kind: 'note', author: { id: 'agent-2' } },
	{ id: 5, kind: 'reply', author: { id: 'customer' } },
	{ id: 6, kind: 'system', author: null }
];

describe('the traffic cop', () => {
	it('holds a send for replies and colleagues’ notes that arrived since the agent looked', () => {
		expect(arrivedSince(timeline, 3, me).map((m) => m.id)).toEqual([4, 5]);
	});

	it('lets a send through when nothing new came, or only history lines and the agent’s own', () => {
		expect(arrivedSince(timeline, 5, me)).toEqual([]);
		expect(arrivedSince(timeline.slice(0, 3), 1, me)).toEqual([]);
	});

	it('knows the newest activity', () => {
		expect(newestId(timeline)).toBe(6);
		expect(newestId([])).toBe(0);
	});
});
