import { unavailableService } from '../http';

export const restService = unavailableService('rest', '/rest/v1');
