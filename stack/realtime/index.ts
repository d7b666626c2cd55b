// Supabase Realtime for the local stack: Phoenix channels over WebSocket (serializers 1.0.0 and
// 2.0.0), postgres_changes checked per subscriber against RLS, broadcast, presence, private channels.
export { createRealtimeService, realtimeService, type RealtimeOptions } from './service';
