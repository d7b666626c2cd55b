// What a failed SMTP send means for its outbox row. Only failures that prove the message was not
// taken are tried again (a 4xx reply, a server that could not be reached): a 5xx reply is final (the
// address bounces), and a connection lost mid-conversation may have delivered it, so it is not sent
// again either. Tries back off exponentially, with jitter, up to a limit.

export type Settlement =
	| { id: number; outcome: 'sent'; message_id: string }
	| { id: number; outcome: 'retry'; error: string; retry_in: number }
	| { id: number; outcome: 'failed'; error: string }
	| { id: number; outcome: 'released' };

export interface RetryPolicy {
	/** Tries in all, the first included (default 5). */
	maxAttempts: number;
	/** Seconds before the second try; each further try waits twice as long (default 30). */
	baseDelaySeconds: number;
	/** The longest wait between tries (default one hour). */
	maxDelaySeconds: number;
}

export const defaultRetryPolicy: RetryPolicy = {
	maxAttempts: 5,
	baseDelaySeconds: 30,
	maxDelaySeconds: 3600
};

interface SmtpFailure {
	message?: string;
	code?: string;
	originalCode?: string;
	responseCode?: number;
	command?: string;
}

export type FailureKind = 'permanent' | 'transient' | 'uncertain';

/** Errors of the connection itself, before any message was handed over. */
const unreachable = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EDNS']);

export function failureKind(error: unknown): FailureKind {
	const failure = (typeof error === 'object' && error !== null ? error : {}) as SmtpFailure;
	const reply = failure.responseCode;
	if (typeof reply === 'number' && reply >= 500) return 'permanent';
	if (typeof reply === 'number' && reply >= 400) return 'transient';
	if (unreachable.has(failure.code ?? '') || unreachable.has(failure.originalCode ?? '')) {
		return 'transient';
	}
	// Refused credentials or a timeout while connecting: nothing was handed over.
	if (failure.code === 'EAUTH') return 'transient';
	if (failure.code === 'ETIMEDOUT' && failure.command === 'CONN') return 'transient';
	return 'uncertain';
}

/** Seconds to wait before try `attempt + 1`, after `attempt` tries failed; `random` in [0, 1). */
export function backoffSeconds(attempt: number, policy: RetryPolicy, random: number): number {
	const exponential = policy.baseDelaySeconds * 2 ** Math.max(0, attempt - 1);
	const capped = Math.min(exponential, policy.maxDelaySeconds);
	// Full jitter over the upper half, so senders that failed together do not retry together.
	return Math.round(capped * (0.5 + random / 2) * 1000) / 1000;
}

const describe = (error: unknown) =>
	(error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ').slice(0, 900);

/** The settlement of a send that failed on its `attempt`-th try. */
export function settleFailure(
	id: number,
	attempt: number,
	error: unknown,
	policy: RetryPolicy,
	random: number
): Settlement {
	const kind = failureKind(error);
	const reason = describe(error);
	if (kind === 'permanent') return { id, outcome: 'failed', error: reason };
	if (kind === 'uncertain') {
		return {
			id,
			outcome: 'failed',
			error: `${reason} (the connection was lost while sending, so it may have been delivered: not sent again)`
		};
	}
	if (attempt >= policy.maxAttempts) {
		return { id, outcome: 'failed', error: `${reason} (gave up after ${attempt} tries)` };
	}
	return { id, outcome: 'retry', error: reason, retry_in: backoffSeconds(attempt, policy, random) };
}
