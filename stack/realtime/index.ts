import { unavailableService } from '../http';

export const realtimeService = unavailableService('realtime', '/realtime/v1');
