// Reads PGlite's raw answer to a batch. `execProtocol` turns every backend message into an object
// (and copies the answer three times on the way); a batch needs only its columns, rows and command
// tags, so it reads those from the bytes and hands the rare rest (errors, notifications) to PGlite's
// own parser, which keeps their shapes exactly as PGlite gives them elsewhere.
import { protocol } from '@electric-sql/pglite';
import type { Field } from './types';

export interface ReplyVisitor {
	rowDescription(fields: Field[]): void;
	dataRow(values: (string | null)[]): void;
	commandComplete(tag: string): void;
	emptyQuery(): void;
	notification(channel: string, payload: string): void;
}

const code = {
	rowDescription: 0x54, // T
	dataRow: 0x44, // D
	commandComplete: 0x43, // C
	emptyQuery: 0x49, // I
	error: 0x45, // E
	notification: 0x41 // A
} as const;

const decoder = new TextDecoder();

interface ParsedNotification {
	channel: string;
	payload: string;
}

/** One complete backend message, parsed by PGlite's parser into the object PGlite itself makes. */
function parsed(message: Uint8Array): unknown {
	let result: unknown;
	new protocol.Parser().parse(message, (backendMessage) => (result = backendMessage));
	return result;
}

/**
 * Walks the messages of `reply` in order. The first ErrorResponse is thrown as PGlite's own
 * DatabaseError and ends the walk, as `execProtocol` drops what follows the first error.
 */
export function readReply(reply: Uint8Array, visitor: ReplyVisitor): void {
	const view = new DataView(reply.buffer, reply.byteOffset, reply.byteLength);
	let offset = 0;
	while (offset + 5 <= reply.length) {
		const type = reply[offset];
		const end = offset + 1 + view.getInt32(offset + 1);
		const message = offset;
		offset += 5;
		if (type === code.rowDescription) {
			const fields: Field[] = new Array(view.getInt16(offset));
			offset += 2;
			for (let i = 0; i < fields.length; i++) {
				const nameEnd = reply.indexOf(0, offset);
				const name = decoder.decode(reply.subarray(offset, nameEnd));
				offset = nameEnd + 1;
				// table oid (4), column number (2), then the type's oid; size, modifier and format follow.
				fields[i] = { name, dataTypeID: view.getInt32(offset + 6) };
				offset += 18;
			}
			visitor.rowDescription(fields);
		} else if (type === code.dataRow) {
			const values: (string | null)[] = new Array(view.getInt16(offset));
			offset += 2;
			for (let i = 0; i < values.length; i++) {
				const length = view.getInt32(offset);
				offset += 4;
				if (length < 0) values[i] = null;
				else {
					values[i] = decoder.decode(reply.subarray(offset, offset + length));
					offset += length;
				}
			}
			visitor.dataRow(values);
		} else if (type === code.commandComplete)
			visitor.commandComplete(decoder.decode(reply.subarray(offset, end - 1)));
		else if (type === code.emptyQuery) visitor.emptyQuery();
		else if (type === code.error) throw parsed(reply.subarray(message, end));
		else if (type === code.notification) {
			const { channel, payload } = parsed(reply.subarray(message, end)) as ParsedNotification;
			visitor.notification(channel, payload);
		}
		offset = end;
	}
}
