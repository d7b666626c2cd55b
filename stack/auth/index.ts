import { unavailableService } from '../http';

export const authService = unavailableService('auth', '/auth/v1');
