// Who is joined to which topic, for broadcast and presence fan-out. Public and private channels of the
// same name are separate topics, as in Supabase. A message is encoded once per serializer version.
import type { BroadcastMessage, Outbound, Serializer } from './protocol';

export interface Member {
	/** `public:<name>` or `private:<name>`. */
	readonly hubTopic: string;
	/** The Phoenix topic, `realtime:<name>`. */
	readonly topic: string;
	readonly serializer: Serializer;
	readonly canReadBroadcast: boolean;
	readonly canReadPresence: boolean;
	sendEncoded(encoded: string | Buffer): void;
}

export const hubTopicOf = (name: string, isPrivate: boolean) =>
	`${isPrivate ? 'private' : 'public'}:${name}`;

export class Hub {
	#topics = new Map<string, Set<Member>>();

	join(member: Member): void {
		const members = this.#topics.get(member.hubTopic) ?? new Set();
		members.add(member);
		this.#topics.set(member.hubTopic, members);
	}

	/** True while no channel is joined. */
	get empty(): boolean {
		return this.#topics.size === 0;
	}

	leave(member: Member): void {
		const members = this.#topics.get(member.hubTopic);
		members?.delete(member);
		if (members?.size === 0) this.#topics.delete(member.hubTopic);
	}

	/** Sends to every member allowed to read, `except` the sender when it did not ask for `self`. */
	send(
		hubTopic: string,
		frameFor: (topic: string) => Outbound,
		allowed: (member: Member) => boolean,
		except?: Member
	): void {
		const encoded = new Map<string, string | Buffer | undefined>();
		for (const member of this.#topics.get(hubTopic) ?? []) {
			if (member === except || !allowed(member)) continue;
			const key = `${member.serializer.vsn}:${member.topic}`;
			if (!encoded.has(key)) encoded.set(key, member.serializer.encode(frameFor(member.topic)));
			const frame = encoded.get(key);
			if (frame !== undefined) member.sendEncoded(frame);
		}
	}

	broadcast(hubTopic: string, message: BroadcastMessage, except?: Member): void {
		this.send(
			hubTopic,
			(topic) =>
				message.kind === 'json'
					? { type: 'push', joinRef: null, topic, event: 'broadcast', payload: message.payload }
					: { type: 'user-broadcast', topic, broadcast: message.broadcast },
			(member) => member.canReadBroadcast,
			except
		);
	}
}
