// The frontend messages of a PGlite batch, written straight into one buffer. PGlite's serializer
// makes a buffer per message through writers whose private fields are compiled to WeakMap look-ups,
// then the batch joined them: ~30 µs for the REST request's two statements, against a few here.
// The bytes are the same (pglite-message.spec.ts compares them).
import type { SqlParam } from './types';

const encoder = new TextEncoder();

/** Kept by a database and written again for each batch, as allocating a buffer was a visible cost. */
export class BatchMessage {
	#bytes = new Uint8Array(1024);
	#view = new DataView(this.#bytes.buffer);
	#offset = 0;

	/** Starts the next batch's messages; the bytes of the last one are no longer valid. */
	reset(): void {
		this.#offset = 0;
	}

	/** Parse: a statement's text under `name` ('' is the unnamed statement), no parameter types. */
	parse(name: string, text: string): void {
		const start = this.#begin(0x50);
		this.#cstring(name);
		this.#cstring(text);
		this.#int16(0);
		this.#end(start);
	}

	/** Bind the unnamed portal to statement `name`: values as text, bytes as binary; text results. */
	bind(name: string, params: readonly SqlParam[]): void {
		const start = this.#begin(0x42);
		this.#cstring('');
		this.#cstring(name);
		this.#int16(params.length);
		for (const param of params) this.#int16(param instanceof Uint8Array ? 1 : 0);
		this.#int16(params.length);
		for (const param of params) {
			if (param === null) this.#int32(-1);
			else if (param instanceof Uint8Array) {
				this.#int32(param.length);
				this.#reserve(param.length);
				this.#bytes.set(param, this.#offset);
				this.#offset += param.length;
			} else {
				const lengthAt = this.#offset;
				this.#int32(0);
				const written = this.#string(String(param));
				this.#view.setInt32(lengthAt, written);
			}
		}
		this.#int16(0);
		this.#end(start);
	}

	/** Describe the unnamed portal. */
	describePortal(): void {
		const start = this.#begin(0x44);
		this.#byte(0x50);
		this.#cstring('');
		this.#end(start);
	}

	/** Execute the unnamed portal, all rows. */
	execute(): void {
		const start = this.#begin(0x45);
		this.#cstring('');
		this.#int32(0);
		this.#end(start);
	}

	/** Close the prepared statement `name`. */
	closeStatement(name: string): void {
		const start = this.#begin(0x43);
		this.#byte(0x53);
		this.#cstring(name);
		this.#end(start);
	}

	sync(): void {
		this.#end(this.#begin(0x53));
	}

	/** The messages written so far (a view of this writer's buffer). */
	get bytes(): Uint8Array {
		return this.#bytes.subarray(0, this.#offset);
	}

	#begin(code: number): number {
		this.#byte(code);
		const start = this.#offset;
		this.#int32(0);
		return start;
	}

	/** Sets the length of the message begun at `start`: its length field and body. */
	#end(start: number): void {
		this.#view.setInt32(start, this.#offset - start);
	}

	#reserve(size: number): void {
		if (this.#offset + size <= this.#bytes.length) return;
		const bytes = new Uint8Array(Math.max(2 * this.#bytes.length, this.#offset + size));
		bytes.set(this.#bytes.subarray(0, this.#offset));
		this.#bytes = bytes;
		this.#view = new DataView(bytes.buffer);
	}

	#byte(value: number): void {
		this.#reserve(1);
		this.#bytes[this.#offset++] = value;
	}

	#int16(value: number): void {
		this.#reserve(2);
		this.#view.setInt16(this.#offset, value);
		this.#offset += 2;
	}

	#int32(value: number): void {
		this.#reserve(4);
		this.#view.setInt32(this.#offset, value);
		this.#offset += 4;
	}

	/** Writes `text` as UTF-8 and returns its length in bytes. */
	#string(text: string): number {
		// UTF-8 takes at most three bytes per UTF-16 unit.
		this.#reserve(3 * text.length);
		const { written } = encoder.encodeInto(text, this.#bytes.subarray(this.#offset));
		this.#offset += written;
		return written;
	}

	#cstring(text: string): void {
		this.#string(text);
		this.#byte(0);
	}
}
