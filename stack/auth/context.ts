// What every Auth API handler is given, and what it answers with.
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Database } from '../db';
import type { JwtCodec } from '../keys';
import type { Mailer } from './mail/mailer';
import type { RateLimits } from './rate-limit';
import type { ClientInfo } from './sessions';
import type { AuthSettings } from './settings';

export interface AuthContext {
	settings: AuthSettings;
	db: Database;
	jwt: JwtCodec;
	limits: RateLimits;
	mailer: Mailer;
	log: (line: string) => void;
}

export interface AuthRequest {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	/** Path parameters (`:id`). */
	params: Record<string, string>;
	ctx: AuthContext;
	client: ClientInfo;
}

export type Reply =
	| { kind: 'json'; status: number; body: unknown; headers?: OutgoingHttpHeaders }
	| { kind: 'empty'; status: number }
	| { kind: 'redirect'; location: string };

export const json = (body: unknown, status = 200, headers?: OutgoingHttpHeaders): Reply => ({
	kind: 'json',
	status,
	body,
	headers
});
export const empty = (status = 204): Reply => ({ kind: 'empty', status });
/** GoTrue redirects with 303 See Other. */
export const redirect = (location: string): Reply => ({ kind: 'redirect', location });

export type Handler = (request: AuthRequest) => Promise<Reply>;
