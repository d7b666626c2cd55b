// The services one stack serves, in bootstrap order (each may add SQL of its own to the image).
import { authService } from './auth';
import { cronService } from './cron';
import { realtimeService } from './realtime';
import { restService } from './rest';
import { storageService } from './storage';

export const services = [authService, restService, realtimeService, storageService, cronService];
