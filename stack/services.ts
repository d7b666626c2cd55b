// The services one stack serves, in bootstrap order (each may add SQL of its own to the image).
// The mail catcher comes first: the Auth API stores its emails in the catcher's table.
import { authService } from './auth';
import { cronService } from './cron';
import { inbucketService } from './inbucket';
import { realtimeService } from './realtime';
import { restService } from './rest';
import { storageService } from './storage';

export const services = [
	inbucketService,
	authService,
	restService,
	realtimeService,
	storageService,
	cronService
];
