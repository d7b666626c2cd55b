// Adapts a supabase-js client to the store's RealtimeClient.
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { ChannelLike, PresenceMeta, PresenceState, RealtimeClient } from './types';

const channels = new WeakMap<ChannelLike, RealtimeChannel>();

export function realtimeClientFor(supabase: SupabaseClient): RealtimeClient {
	return {
		channel(topic, options = {}) {
			const channel = supabase.channel(topic, {
				config: {
					private: options.private ?? false,
					...(options.presenceKey ? { presence: { key: options.presenceKey } } : {})
				}
			});
			const like: ChannelLike = {
				onChange(filter, listener) {
					channel.on('postgres_changes', filter, (payload) =>
						listener({
							eventType: payload.eventType,
							table: payload.table,
							new: payload.new,
							old: payload.old
						})
					);
				},
				onPresence(listener) {
					channel.on('presence', { event: 'sync' }, () => {
						const state: PresenceState = {};
						for (const [key, metas] of Object.entries(channel.presenceState<PresenceMeta>())) {
							state[key] = metas.map(({ presence_ref: _ref, ...meta }) => meta);
						}
						listener(state);
					});
				},
				onBroadcast(event, listener) {
					channel.on('broadcast', { event }, (message) => listener(message.payload ?? {}));
				},
				subscribe(listener) {
					channel.subscribe((state, error) => listener(state, error));
				},
				send: (event, payload) => channel.send({ type: 'broadcast', event, payload }),
				track: (meta) => channel.track(meta),
				untrack: () => channel.untrack()
			};
			channels.set(like, channel);
			return like;
		},
		removeChannel: async (like) => {
			const channel = channels.get(like);
			if (channel) await supabase.removeChannel(channel);
		},
		setAuth: (token) => supabase.realtime.setAuth(token),
		getSession: async () => (await supabase.auth.getSession()).data.session,
		onAuthChange(listener) {
			const { data } = supabase.auth.onAuthStateChange(listener);
			return () => data.subscription.unsubscribe();
		}
	};
}
