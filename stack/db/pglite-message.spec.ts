import { protocol } from '@electric-sql/pglite';
import { describe, expect, it } from 'vitest';
import { BatchMessage } from './pglite-message';

const { serialize } = protocol;

function joined(parts: Uint8Array[]): number[] {
	return parts.flatMap((part) => [...part]);
}

describe("a batch's frontend messages", () => {
	it("are byte for byte what PGlite's serializer writes", () => {
		const bytes = new Uint8Array([0, 1, 254, 255]);
		const long = 'ü'.repeat(700);
		const message = new BatchMessage();
		message.closeStatement('stack_batch_old');
		message.parse('stack_batch_1', 'select $1::text, $2::bytea, $3::int, $4::bool, $5');
		message.bind('stack_batch_1', ['naïve ✓ 𝄞', bytes, 42, true, null]);
		message.describePortal();
		message.execute();
		message.parse('', 'select $1');
		message.bind('', [long]);
		message.execute();
		message.bind('', []);
		message.execute();
		message.sync();
		expect([...message.bytes]).toEqual(
			joined([
				serialize.close({ type: 'S', name: 'stack_batch_old' }),
				serialize.parse({
					name: 'stack_batch_1',
					text: 'select $1::text, $2::bytea, $3::int, $4::bool, $5'
				}),
				serialize.bind({
					statement: 'stack_batch_1',
					values: ['naïve ✓ 𝄞', bytes, '42', 'true', null]
				}),
				serialize.describe({ type: 'P' }),
				serialize.execute({}),
				serialize.parse({ name: '', text: 'select $1' }),
				serialize.bind({ statement: '', values: [long] }),
				serialize.execute({}),
				serialize.bind({ statement: '', values: [] }),
				serialize.execute({}),
				serialize.sync()
			])
		);
	});

	it('starts again from nothing after a reset, for the next batch', () => {
		const message = new BatchMessage();
		message.parse('', 'select 1');
		message.sync();
		message.reset();
		message.sync();
		expect([...message.bytes]).toEqual([...serialize.sync()]);
	});
});
