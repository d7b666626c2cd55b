// A small backtracking reader for PostgREST's URL grammar, remembering the furthest point it failed
// at and what it expected there, so errors read like PostgREST's: `unexpected "[" expecting ...`.
import { queryParamError } from '../errors';

export class Cursor {
	pos = 0;
	private furthest = 0;
	private expected = new Set<string>();

	constructor(readonly text: string) {}

	get done(): boolean {
		return this.pos >= this.text.length;
	}

	peek(offset = 0): string {
		return this.text[this.pos + offset] ?? '';
	}

	startsWith(s: string): boolean {
		return this.text.startsWith(s, this.pos);
	}

	/** Consumes `s` when it comes next. */
	eat(s: string): boolean {
		if (this.startsWith(s)) {
			this.pos += s.length;
			return true;
		}
		this.expect(JSON.stringify(s));
		return false;
	}

	/** Records that `what` was expected here, for the error message. */
	expect(what: string): void {
		if (this.pos > this.furthest) {
			this.furthest = this.pos;
			this.expected = new Set();
		}
		if (this.pos === this.furthest) this.expected.add(what);
	}

	skipSpaces(): void {
		while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
	}

	/** Runs `read`; on failure (undefined) puts the cursor back. */
	attempt<T>(read: () => T | undefined): T | undefined {
		const start = this.pos;
		const result = read();
		if (result === undefined) this.pos = start;
		return result;
	}

	/** PostgREST's PGRST100 for the furthest failure: `"failed to parse <what>" (line 1, column n)`. */
	error(what: string): Error {
		const at = Math.max(this.furthest, this.pos);
		const next = this.text[at];
		const unexpected =
			next === undefined ? 'unexpected end of input' : `unexpected ${JSON.stringify(next)}`;
		const expected = [...(at === this.furthest ? this.expected : [])];
		const expecting =
			expected.length === 0
				? ''
				: ` expecting ${expected.length === 1 ? expected[0] : `${expected.slice(0, -1).join(', ')} or ${expected.at(-1)}`}`;
		return queryParamError(
			`"failed to parse ${what}" (line 1, column ${at + 1})`,
			`${unexpected}${expecting}`
		);
	}
}

export class SyntaxFailure extends Error {
	name = 'SyntaxFailure';
}
