import { describe, expect, it } from 'vitest';
import { backoffSeconds, defaultRetryPolicy, failureKind, settleFailure } from './delivery-outcome';

const smtpError = (responseCode: number) =>
	Object.assign(new Error(`${responseCode} mailbox says no`), { responseCode, code: 'EENVELOPE' });

describe('failureKind', () => {
	it('treats a 5xx reply as a bounce and a 4xx reply as worth another try', () => {
		expect(failureKind(smtpError(550))).toBe('permanent');
		expect(failureKind(smtpError(451))).toBe('transient');
	});

	it('tries again when the server could not be reached at all', () => {
		expect(failureKind(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(
			'transient'
		);
		expect(
			failureKind(Object.assign(new Error('slow'), { code: 'ETIMEDOUT', command: 'CONN' }))
		).toBe('transient');
	});

	it('never resends after a connection lost mid-message', () => {
		expect(failureKind(Object.assign(new Error('gone'), { code: 'ECONNRESET' }))).toBe('uncertain');
	});
});

describe('backoffSeconds', () => {
	it('doubles per try, with jitter over the upper half, up to the cap', () => {
		const policy = { maxAttempts: 10, baseDelaySeconds: 30, maxDelaySeconds: 3600 };
		expect(backoffSeconds(1, policy, 0)).toBe(15);
		expect(backoffSeconds(1, policy, 0.999999)).toBeCloseTo(30, 2);
		expect(backoffSeconds(3, policy, 0)).toBe(60);
		expect(backoffSeconds(20, policy, 0)).toBe(1800);
	});
});

describe('settleFailure', () => {
	it('schedules a retry for a transient failure with tries left', () => {
		expect(settleFailure(1, 2, smtpError(421), defaultRetryPolicy, 0)).toEqual({
			id: 1,
			outcome: 'retry',
			error: '421 mailbox says no',
			retry_in: 30
		});
	});

	it('marks the email failed after the last try', () => {
		const settled = settleFailure(1, 5, smtpError(421), defaultRetryPolicy, 0);
		expect(settled).toMatchObject({
			outcome: 'failed',
			error: expect.stringMatching(/after 5 tries/)
		});
	});

	it('marks a bounce failed at once', () => {
		expect(settleFailure(1, 1, smtpError(550), defaultRetryPolicy, 0)).toMatchObject({
			outcome: 'failed'
		});
	});
});
