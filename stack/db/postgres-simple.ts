// A simple query on a `pg` client, driven through `pg`'s Submittable interface (as postgres-batch.ts
// does) so each statement's command tag arrives as the server wrote it, which `pg`'s own results
// reduce to a verb ("CREATE" for "CREATE TABLE").
import type pg from 'pg';
import { copyNotSupported, serverError, SimpleQueryCollector } from './simple-query';
import type { SimpleOutcome } from './types';

interface WireConnection {
	query(text: string): void;
	sendCopyFail(message: string): void;
}

class SimpleQuery {
	readonly #collector = new SimpleQueryCollector();
	#done = false;

	constructor(
		private readonly text: string,
		private readonly resolve: (outcome: SimpleOutcome) => void
	) {}

	submit(connection: WireConnection): null {
		connection.query(this.text);
		return null;
	}

	handleRowDescription(): void {
		this.#collector.rowDescription();
	}

	handleDataRow(): void {
		this.#collector.dataRow();
	}

	handleCommandComplete(message: { text: string }): void {
		this.#collector.commandComplete(message.text);
	}

	handleEmptyQuery(): void {
		this.#collector.emptyQuery();
	}

	handleCopyInResponse(connection: WireConnection): void {
		this.#collector.error(copyNotSupported);
		connection.sendCopyFail(copyNotSupported.message);
	}

	handleCopyData(): void {}

	handlePortalSuspended(): void {}

	// The server skips the rest of the script after an error, and `pg` hands the ReadyForQuery that
	// follows to nobody, so the outcome is complete here.
	handleError(error: unknown): void {
		this.#collector.error(serverError(error));
		this.handleReadyForQuery();
	}

	handleReadyForQuery(): void {
		if (this.#done) return;
		this.#done = true;
		this.resolve(this.#collector.outcome);
	}
}

export const runSimple = (client: pg.ClientBase, sql: string): Promise<SimpleOutcome> =>
	new Promise((resolve) => {
		client.query(new SimpleQuery(sql, resolve) as unknown as pg.Submittable);
	});
