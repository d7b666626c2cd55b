// GoTrue's rate limits: per client IP for requests (sign-ups and other email-triggering requests,
// token grants, verifications, anonymous sign-ins) and one project-wide budget for emails sent.
// Each is a token bucket holding `limit` requests that refills at `limit` per window.
import type { StackConfig } from '../config';
import { tooManyRequests } from './errors';

export class TokenBuckets {
	readonly #buckets = new Map<string, { tokens: number; at: number }>();

	constructor(
		readonly limit: number,
		readonly windowMs: number,
		private readonly now: () => number = Date.now,
		/** How many requests a full bucket holds, when more than `limit` (GoTrue's burst). */
		readonly capacity = limit
	) {}

	/** Takes one token for `key`; false when its bucket is empty. */
	take(key: string): boolean {
		const now = this.now();
		const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, at: now };
		const refilled = Math.min(
			this.capacity,
			bucket.tokens + ((now - bucket.at) * this.limit) / this.windowMs
		);
		if (refilled < 1) {
			this.#buckets.set(key, { tokens: refilled, at: now });
			return false;
		}
		this.#buckets.set(key, { tokens: refilled - 1, at: now });
		return true;
	}
}

const fiveMinutes = 5 * 60 * 1000;
const oneHour = 60 * 60 * 1000;

export interface RateLimits {
	/** `sign_in_sign_ups`: sign-ups, OTP and magic links, recovery, user updates. */
	signInSignUps: TokenBuckets;
	/** `token_refresh`: every grant on POST /token, as GoTrue counts them. */
	tokenGrants: TokenBuckets;
	/** `token_verifications`: GET and POST /verify. */
	verifications: TokenBuckets;
	/** `anonymous_users`, per hour. */
	anonymousSignIns: TokenBuckets;
	/** `email_sent`, per hour, for the whole project. */
	emails: TokenBuckets;
	/** `web3`: the web3 grant on POST /token. */
	web3: TokenBuckets;
	/** MFA challenges and verifications: 15 a minute with a burst of 30, GoTrue's fixed default. */
	factorChallenges: TokenBuckets;
	factorVerifications: TokenBuckets;
}

const oneMinute = 60 * 1000;
const mfaBuckets = () => new TokenBuckets(15, oneMinute, Date.now, 30);

export function createRateLimits(limits: StackConfig['auth']['rate_limit']): RateLimits {
	return {
		signInSignUps: new TokenBuckets(limits.sign_in_sign_ups, fiveMinutes),
		tokenGrants: new TokenBuckets(limits.token_refresh, fiveMinutes),
		verifications: new TokenBuckets(limits.token_verifications, fiveMinutes),
		anonymousSignIns: new TokenBuckets(limits.anonymous_users, oneHour),
		emails: new TokenBuckets(limits.email_sent, oneHour),
		web3: new TokenBuckets(limits.web3, fiveMinutes),
		factorChallenges: mfaBuckets(),
		factorVerifications: mfaBuckets()
	};
}

/** Counts one request from `ip`, answering 429 `over_request_rate_limit` past the limit. */
export function limitRequest(buckets: TokenBuckets, ip: string): void {
	if (!buckets.take(ip)) {
		throw tooManyRequests('over_request_rate_limit', 'Request rate limit reached');
	}
}

/** Counts one email, answering 429 `over_email_send_rate_limit` past the limit. */
export function limitEmail(buckets: TokenBuckets): void {
	if (!buckets.take('project')) {
		throw tooManyRequests('over_email_send_rate_limit', 'email rate limit exceeded');
	}
}
