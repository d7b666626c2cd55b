import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDispatcher, type ShapeSource } from './dispatch';
import { parseBinding } from './filters';
import { SubscriptionRegistry, type Subscription } from './subscriptions';
import { privilegesTtlMs, type TableShape } from './table-shapes';

const relid = 4242;
const shape: TableShape = {
	rls: true,
	columns: [
		{ name: 'id', type: 'int8' },
		{ name: 'subject', type: 'text' }
	],
	pk: ['id'],
	identity: null
};

function subscription(id: number, sub: string): Subscription {
	const parsed = parseBinding({ event: 'INSERT', schema: 'public', table: 'tickets' });
	if (!parsed.ok) throw new Error(parsed.message);
	return {
		id,
		relid,
		binding: parsed.binding,
		subscriber: { claims: { role: 'authenticated', exp: 0, sub }, deliver: () => {} }
	};
}

/** Shapes whose privilege reads the test answers by hand. */
function manualShapes() {
	const reads: { role: string; answer: (columns: string[]) => void }[] = [];
	const shapes: ShapeSource = {
		generation: 0,
		shape: async () => shape,
		selectable: (_relid, role) =>
			new Promise((resolve) => reads.push({ role, answer: (columns) => resolve(new Set(columns)) }))
	};
	return { shapes, reads };
}

describe('realtime plans', () => {
	beforeEach(() => vi.useFakeTimers({ toFake: ['Date'], now: 0 }));
	afterEach(() => vi.useRealTimers());

	it('re-reads expired privileges off the delivery path, and uses them once read', async () => {
		const registry = new SubscriptionRegistry();
		registry.add([subscription(1, 'a')]);
		const { shapes, reads } = manualShapes();
		const dispatcher = createDispatcher(registry, shapes);

		const building = dispatcher.plans();
		await vi.waitFor(() => expect(reads).toHaveLength(1));
		reads[0].answer(['id', 'subject']);
		const first = (await building).byRelid.get(relid);
		expect(first?.selectable.get('authenticated')).toEqual(new Set(['id', 'subject']));

		vi.setSystemTime(privilegesTtlMs);
		// Answered at once with the plan it has, while the privileges are read again.
		expect((await dispatcher.plans()).byRelid.get(relid)).toBe(first);
		expect(reads).toHaveLength(2);
		// One read at a time, however many batches come meanwhile.
		expect((await dispatcher.plans()).byRelid.get(relid)).toBe(first);
		expect(reads).toHaveLength(2);

		reads[1].answer(['id']);
		await vi.waitFor(async () =>
			expect(
				(await dispatcher.plans()).byRelid.get(relid)?.selectable.get('authenticated')
			).toEqual(new Set(['id']))
		);
	});

	it('waits for a plan when the subscriptions changed, and drops a refresh they overtook', async () => {
		const registry = new SubscriptionRegistry();
		registry.add([subscription(1, 'a')]);
		const { shapes, reads } = manualShapes();
		const dispatcher = createDispatcher(registry, shapes);
		const building = dispatcher.plans();
		await vi.waitFor(() => expect(reads).toHaveLength(1));
		reads[0].answer(['id', 'subject']);
		await building;

		vi.setSystemTime(privilegesTtlMs);
		await dispatcher.plans();
		expect(reads).toHaveLength(2);

		registry.add([subscription(2, 'b')]);
		const rebuilding = dispatcher.plans();
		await vi.waitFor(() => expect(reads).toHaveLength(3));
		reads[2].answer(['id', 'subject']);
		const rebuilt = (await rebuilding).byRelid.get(relid);
		expect(rebuilt?.subscriptions.map((s) => s.id).sort()).toEqual([1, 2]);

		// The refresh started before the new subscription ends after it: its plan is not kept. (The
		// next refresh starts only once that one has ended.)
		reads[1].answer(['id']);
		vi.setSystemTime(2 * privilegesTtlMs);
		await vi.waitFor(async () => {
			expect((await dispatcher.plans()).byRelid.get(relid)).toBe(rebuilt);
			expect(reads).toHaveLength(4);
		});
	});
});
