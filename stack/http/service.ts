// What a stack service (auth, rest, realtime, storage) offers the gateway, and what it is given.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Clock } from '../clock';
import type { StackConfig } from '../config';
import type { Database } from '../db';
import type { JwtCodec, StackKeys } from '../keys';
import type { KeyPolicy } from './api-key';

export interface StackContext {
	/** The folder holding `supabase/`. */
	workdir: string;
	config: StackConfig;
	db: Database;
	keys: StackKeys;
	jwt: JwtCodec;
	/** `http://127.0.0.1:<port>`, the URL clients use. */
	apiUrl: string;
	/** Where a service keeps files (storage objects), or undefined for in memory. */
	dataDir: string | undefined;
	/** Where the mail catcher listens (0: a free port), or undefined when [inbucket] is off. */
	mailPorts: { inbox: number; smtp: number | undefined } | undefined;
	log: (line: string) => void;
	/** The clock scheduled work runs on (the system clock unless a test gives one). */
	clock?: Clock;
}

export interface RouteRequest {
	req: IncomingMessage;
	res: ServerResponse;
	url: URL;
	/** The path below the route's prefix, starting with `/` (`/token` for `/auth/v1/token`). */
	path: string;
}

export interface Route {
	/** e.g. `/auth/v1`; the longest matching prefix wins. */
	prefix: string;
	keyPolicy: (path: string, method: string) => KeyPolicy | 'none';
	/**
	 * The route's answers carry the CORS headers (cors.ts) first, written by the route itself: Node then
	 * stores a response's headers from one list, rather than a setHeader each and a merge.
	 */
	sendsCors?: boolean;
	handle: (request: RouteRequest) => Promise<void>;
}

export interface UpgradeRoute {
	prefix: string;
	keyPolicy: KeyPolicy | 'none';
	upgrade: (req: IncomingMessage, socket: Duplex, head: Buffer, url: URL, path: string) => void;
}

export interface StackService {
	name: string;
	routes: Route[];
	upgrades?: UpgradeRoute[];
	/** The mail catcher's addresses, from the service that runs it. */
	mail?: { inboxUrl: string; smtpUrl: string | undefined };
	/** Stops background work and closes sockets; the database closes after. */
	close?: () => Promise<void>;
}

export interface ServiceModule {
	name: string;
	/** SQL this service adds to the image's bootstrap (tables and functions of its own). */
	schemaFiles?: URL[];
	/**
	 * Extensions whose SQL API this service builds into the image in place of the real one: a
	 * migration's or seed's `create extension` of them is skipped rather than failing.
	 */
	providedExtensions?: string[];
	create: (ctx: StackContext) => Promise<StackService> | StackService;
}
