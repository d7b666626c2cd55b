// The Auth API (GoTrue) of the local stack under /auth/v1; its emails go to the mail catcher.
import type { ServiceModule } from '../http';
import type { AuthContext } from './context';
import { endpoints, keyPolicy } from './endpoints';
import { loadTemplates } from './mail/templates';
import { createRateLimits } from './rate-limit';
import { createRouter } from './router';
import { authSettings } from './settings';

export const authService: ServiceModule = {
	name: 'auth',
	schemaFiles: [new URL('./schema.sql', import.meta.url)],
	async create({ config, db, jwt, apiUrl, workdir, log }) {
		const settings = authSettings(config.auth, apiUrl);
		const limits = createRateLimits(config.auth.rate_limit);
		const ctx: AuthContext = {
			settings,
			db,
			jwt,
			limits,
			mailer: {
				templates: await loadTemplates(workdir, config.auth.email.template),
				emailBudget: limits.emails,
				apiUrl,
				siteUrl: settings.siteUrl,
				from: `${config.inbucket.sender_name} <${config.inbucket.admin_email}>`
			},
			log
		};
		return {
			name: 'auth',
			routes: [{ prefix: '/auth/v1', keyPolicy, handle: createRouter(ctx, endpoints) }]
		};
	}
};
