import { unavailableService } from '../http';

export const storageService = unavailableService('storage', '/storage/v1');
