// One joined channel (`realtime:<name>`) of one socket, as Supabase's RealtimeChannel runs it: the join
// (token, private-topic policies, postgres_changes subscriptions, presence), broadcast and presence
// pushes, `access_token` refreshes, the expiry timer, and leaving.
import { randomUUID } from 'node:crypto';
import { isPostgresError, type Database } from '../db';
import {
	bindingId,
	type Changes,
	type EncodeOnce,
	type SubscribeOutcome,
	type Subscriber,
	type Subscription
} from './changes';
import { hubTopicOf, type Hub, type Member } from './hub';
import { parseJoinPayload, type JoinConfig } from './join-payload';
import type { PresenceDiff, PresenceRegistry } from './presence';
import {
	canWrite,
	readPolicies,
	type AuthorizationContext,
	type Extension
} from './private-channels';
import {
	isRecord,
	systemPush,
	type BroadcastMessage,
	type Inbound,
	type Outbound,
	type Serializer
} from './protocol';
import { joinReason, msUntilExpiry, type Claims, type TokenVerifier } from './token';

/** The token re-check timer never waits longer than this (Supabase caps it at an hour). */
const maxConfirmIntervalMs = 60 * 60 * 1000;

export interface ChannelServices {
	db: Database;
	hub: Hub;
	presence: PresenceRegistry<Channel>;
	changes: Changes;
	verifyToken: TokenVerifier;
	log: (line: string) => void;
}

/** What a channel needs from its socket. */
export interface SocketLink {
	readonly serializer: Serializer;
	/** The socket's apikey (a JWT), used when a join brings no access token of its own. */
	readonly apikeyToken: string;
	/** The upgrade request's `x-` headers, for `request.headers` in policies. */
	readonly headers: Record<string, string>;
	send(frame: Outbound): void;
	sendEncoded(encoded: string | Buffer): void;
	/** The channel has closed on its own (left, or shut down). */
	forget(channel: Channel): void;
}

type JoinFrame = Extract<Inbound, { type: 'join' }>;

interface Policies {
	broadcastRead: boolean;
	presenceRead: boolean;
	/** Checked on first use, then kept until the token changes. */
	broadcastWrite?: boolean;
	presenceWrite?: boolean;
}

const publicPolicies: Policies = {
	broadcastRead: true,
	presenceRead: true,
	broadcastWrite: true,
	presenceWrite: true
};

const unauthorizedRead = (name: string) =>
	`You do not have permissions to read from this Channel topic: ${name}`;

export class Channel implements Member, Subscriber {
	readonly topic: string;
	readonly name: string;
	readonly joinRef: string | null;
	readonly hubTopic: string;
	#services: ChannelServices;
	#socket: SocketLink;
	#config: JoinConfig;
	#presenceKey: string;
	#presenceEnabled: boolean;
	#trackedPayload: string | undefined;
	#accessToken: string;
	#claims: Claims;
	#policies: Policies;
	#subscriptions: Subscription[] = [];
	#expiryTimer: NodeJS.Timeout | undefined;
	#closed = false;

	private constructor(
		services: ChannelServices,
		socket: SocketLink,
		frame: JoinFrame,
		config: JoinConfig,
		accessToken: string,
		claims: Claims,
		policies: Policies
	) {
		this.topic = frame.topic;
		this.name = frame.topic.slice('realtime:'.length);
		this.joinRef = frame.joinRef;
		this.hubTopic = hubTopicOf(this.name, config.isPrivate);
		this.#services = services;
		this.#socket = socket;
		this.#config = config;
		this.#presenceKey = config.presenceKey ?? randomUUID();
		this.#presenceEnabled = config.presenceEnabled;
		this.#accessToken = accessToken;
		this.#claims = claims;
		this.#policies = policies;
	}

	get serializer(): Serializer {
		return this.#socket.serializer;
	}

	get claims(): Claims {
		return this.#claims;
	}

	get canReadBroadcast(): boolean {
		return this.#policies.broadcastRead;
	}

	get canReadPresence(): boolean {
		return this.#policies.presenceRead;
	}

	get isPrivate(): boolean {
		return this.#config.isPrivate;
	}

	/** Joins, answering the join push; undefined when the join was refused. */
	static async join(
		services: ChannelServices,
		socket: SocketLink,
		frame: JoinFrame
	): Promise<Channel | undefined> {
		const reply = (status: 'ok' | 'error', response: Record<string, unknown>) =>
			socket.send({
				type: 'reply',
				joinRef: frame.joinRef,
				ref: frame.ref,
				topic: frame.topic,
				status,
				response
			});
		const name = frame.topic.slice('realtime:'.length);
		if (name === '') {
			reply('error', { reason: 'TopicNameRequired: You must provide a topic name' });
			return undefined;
		}
		const config = parseJoinPayload(frame.payload);
		if (config.replay) {
			// Supabase replays broadcasts it stored in realtime.messages; this stack stores none.
			reply('error', {
				reason:
					'UnableToReplayMessages: the local stack does not store broadcast messages, so it cannot replay them'
			});
			return undefined;
		}
		const given = config.accessToken;
		const accessToken = given && !given.startsWith('sb_') ? given : socket.apikeyToken;
		const check = await services.verifyToken(accessToken);
		if (!check.ok) {
			reply('error', { reason: joinReason(check) });
			return undefined;
		}

		let policies = publicPolicies;
		if (config.isPrivate) {
			const read = await authorizeRead(
				services,
				socket,
				name,
				check.claims,
				config.presenceEnabled
			);
			if (!read || (!read.broadcastRead && !read.presenceRead)) {
				reply('error', { reason: `Unauthorized: ${unauthorizedRead(name)}` });
				return undefined;
			}
			policies = read;
		}

		const channel = new Channel(
			services,
			socket,
			frame,
			config,
			accessToken,
			check.claims,
			policies
		);
		const subscribed =
			config.bindings.length > 0
				? await channel.#prepareSubscriptions(check.claims.role)
				: undefined;
		services.hub.join(channel);
		reply('ok', {
			postgres_changes: config.bindings.map((params) => ({ ...params, id: bindingId(params) }))
		});
		// Registered right after the reply: a change committed once the client is SUBSCRIBED arrives.
		if (subscribed) channel.#activate(subscribed);
		if (channel.#presenceEnabled) channel.#pushPresenceState();
		// Changes are captured in the database itself, so they can flow as soon as the channel joins.
		if (config.replicationReady)
			channel.#systemMessage('system', 'ok', 'Replication connection established');
		channel.#armExpiryTimer();
		return channel;
	}

	/** The join's postgres_changes bindings, checked for this role but not yet delivering. */
	#prepareSubscriptions(role: string): Promise<SubscribeOutcome> {
		return this.#services.changes.prepare(this, this.#config.bindings, role);
	}

	/** Replaces the delivering subscriptions and says how subscribing went, as Supabase does. */
	#activate(outcome: SubscribeOutcome): void {
		if (this.#closed) return;
		this.#services.changes.unregister(this.#subscriptions);
		this.#subscriptions = outcome.ok ? outcome.subscriptions : [];
		this.#services.changes.register(this.#subscriptions);
		if (outcome.ok) this.#systemMessage('postgres_changes', 'ok', 'Subscribed to PostgreSQL');
		else this.#systemMessage('postgres_changes', 'error', outcome.message);
	}

	deliver(ids: number[], data: Record<string, unknown>, encodeOnce: EncodeOnce): void {
		if (this.#closed) return;
		const encoded = encodeOnce(`${this.serializer.vsn}:${this.topic}:${ids.join()}`, () =>
			this.serializer.encode({
				type: 'push',
				joinRef: null,
				topic: this.topic,
				event: 'postgres_changes',
				payload: { ids, data }
			})
		);
		if (encoded !== undefined) this.#socket.sendEncoded(encoded);
	}

	sendEncoded(encoded: string | Buffer): void {
		if (!this.#closed) this.#socket.sendEncoded(encoded);
	}

	async handle(frame: Inbound): Promise<void> {
		switch (frame.type) {
			case 'leave':
				this.#reply(frame.ref, 'ok', {});
				this.close();
				return;
			case 'access_token':
				return this.#refreshToken(frame.accessToken);
			case 'broadcast':
				return this.#broadcast(frame.ref, frame.broadcast);
			case 'presence':
				return this.#presence(frame.ref, frame.payload);
			default:
				// Supabase ignores other client events (it only logs them).
				return;
		}
	}

	async #broadcast(ref: string | null, message: BroadcastMessage): Promise<void> {
		if (!(await this.#mayWrite('broadcast'))) return;
		this.#services.hub.broadcast(this.hubTopic, message, this.#config.self ? undefined : this);
		if (this.#config.ack) this.#reply(ref, 'ok', {});
	}

	async #presence(ref: string | null, payload: unknown): Promise<void> {
		const event =
			isRecord(payload) && typeof payload.event === 'string' ? payload.event : undefined;
		if (event === undefined) return this.#reply(ref, 'ok', {});
		switch (event.toLowerCase()) {
			case 'track': {
				const meta = isRecord(payload) ? (payload.payload ?? {}) : {};
				if (!isRecord(meta))
					return this.#reply(ref, 'error', { reason: 'Presence track payload must be a map' });
				if (this.isPrivate && !this.#presenceEnabled) await this.#authorizePresenceRead();
				if (!(await this.#mayWrite('presence'))) return this.#reply(ref, 'error', {});
				const serialized = JSON.stringify(meta);
				if (serialized !== this.#trackedPayload) {
					this.#trackedPayload = serialized;
					this.#presenceDiff(
						this.#services.presence.track(this.hubTopic, this.#presenceKey, this, meta)
					);
				}
				this.#reply(ref, 'ok', {});
				// A track can be what turns presence on for this channel; it then needs the state so far.
				if (!this.#presenceEnabled) {
					this.#presenceEnabled = true;
					this.#pushPresenceState();
				}
				return;
			}
			case 'untrack':
				this.#untrack();
				return this.#reply(ref, 'ok', {});
			default:
				return this.#reply(ref, 'error', {});
		}
	}

	#untrack(): void {
		this.#trackedPayload = undefined;
		const diff = this.#services.presence.untrack(this.hubTopic, this.#presenceKey, this);
		if (diff) this.#presenceDiff(diff);
	}

	#presenceDiff(diff: PresenceDiff): void {
		this.#services.hub.send(
			this.hubTopic,
			(topic) => ({
				type: 'push',
				joinRef: null,
				topic,
				event: 'presence_diff',
				payload: { ...diff }
			}),
			(member) => member.canReadPresence
		);
	}

	#pushPresenceState(): void {
		if (!this.#policies.presenceRead) return;
		this.#push('presence_state', this.#services.presence.state(this.hubTopic), this.joinRef);
	}

	/** A private channel joined without presence learns on its first track whether it may see it. */
	async #authorizePresenceRead(): Promise<void> {
		const read = await authorizeRead(this.#services, this.#socket, this.name, this.#claims, true);
		this.#policies = { ...this.#policies, presenceRead: read?.presenceRead ?? false };
	}

	/** Private channels check writes against RLS once per token; public channels always may. */
	async #mayWrite(extension: Extension): Promise<boolean> {
		const key = extension === 'broadcast' ? 'broadcastWrite' : 'presenceWrite';
		const known = this.#policies[key];
		if (known !== undefined) return known;
		try {
			const allowed = await canWrite(this.#services.db, this.#authorizationContext(), extension);
			this.#policies = { ...this.#policies, [key]: allowed };
			return allowed;
		} catch (error) {
			this.#services.log(`realtime: ${extension} write check on ${this.name} failed: ${error}`);
			return false;
		}
	}

	#authorizationContext(claims = this.#claims): AuthorizationContext {
		return { topic: this.name, claims, headers: this.#socket.headers };
	}

	async #refreshToken(token: unknown): Promise<void> {
		if (typeof token !== 'string' || token.startsWith('sb_') || token === this.#accessToken) return;
		const check = await this.#services.verifyToken(token);
		if (this.#closed) return;
		if (!check.ok) return this.shutdown(check.message);
		if (this.isPrivate) {
			const read = await authorizeRead(
				this.#services,
				this.#socket,
				this.name,
				check.claims,
				this.#presenceEnabled
			);
			if (!read) return this.shutdown('Realtime was unable to connect to the project database');
			const revoked =
				(this.#policies.broadcastRead && !read.broadcastRead) ||
				(this.#policies.presenceRead && !read.presenceRead);
			if (revoked)
				return this.shutdown(
					`You no longer have permission to read from this Channel topic: ${this.name}`
				);
			this.#policies = read;
		}
		this.#accessToken = token;
		this.#claims = check.claims;
		this.#armExpiryTimer();
		if (this.#config.bindings.length > 0)
			this.#activate(await this.#prepareSubscriptions(check.claims.role));
	}

	#armExpiryTimer(): void {
		clearTimeout(this.#expiryTimer);
		if (this.#closed) return;
		const wait = Math.max(0, Math.min(maxConfirmIntervalMs, msUntilExpiry(this.#claims)));
		this.#expiryTimer = setTimeout(() => void this.#confirmToken(), wait);
	}

	async #confirmToken(): Promise<void> {
		const check = await this.#services.verifyToken(this.#accessToken);
		if (this.#closed) return;
		if (check.ok) return this.#armExpiryTimer();
		this.shutdown(check.message);
	}

	/** Supabase's shutdown: a system error naming the reason, then the channel closes. */
	shutdown(message: string): void {
		this.#systemMessage('system', 'error', message);
		this.close();
	}

	/** Closes the channel and tells the client (phx_close carries the join ref as its ref). */
	close(): void {
		if (this.#closed) return;
		this.#push('phx_close', {}, this.joinRef, this.joinRef);
		this.terminate();
		this.#socket.forget(this);
	}

	/** Stops everything without telling the client (its socket is gone). */
	terminate(): void {
		if (this.#closed) return;
		this.#closed = true;
		clearTimeout(this.#expiryTimer);
		this.#services.changes.unregister(this.#subscriptions);
		this.#subscriptions = [];
		this.#services.hub.leave(this);
		this.#untrack();
	}

	#systemMessage(
		extension: 'system' | 'postgres_changes',
		status: 'ok' | 'error',
		message: string
	) {
		if (this.#closed) return;
		this.#socket.send(systemPush(this.topic, this.joinRef, extension, status, message, this.name));
	}

	#push(
		event: 'presence_state' | 'phx_close',
		payload: Record<string, unknown>,
		joinRef: string | null,
		ref: string | null = null
	) {
		this.#socket.send({ type: 'push', joinRef, ref, topic: this.topic, event, payload });
	}

	#reply(ref: string | null, status: 'ok' | 'error', response: Record<string, unknown>) {
		if (this.#closed) return;
		this.#socket.send({
			type: 'reply',
			joinRef: this.joinRef,
			ref,
			topic: this.topic,
			status,
			response
		});
	}
}

/** Read policies of a private topic; undefined when the check itself failed. */
async function authorizeRead(
	services: ChannelServices,
	socket: SocketLink,
	name: string,
	claims: Claims,
	presenceEnabled: boolean
): Promise<Policies | undefined> {
	try {
		const read = await readPolicies(
			services.db,
			{ topic: name, claims, headers: socket.headers },
			presenceEnabled ? ['broadcast', 'presence'] : ['broadcast']
		);
		return { broadcastRead: read.broadcast, presenceRead: read.presence };
	} catch (error) {
		// A policy that raises counts as a refusal, as Supabase logs RlsPolicyError and refuses.
		if (isPostgresError(error)) {
			services.log(`realtime: read policy on ${name} failed: ${error.message}`);
			return { broadcastRead: false, presenceRead: false };
		}
		throw error;
	}
}
