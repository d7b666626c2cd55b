// The REST service: PostgREST's API, as Supabase serves it at /rest/v1.
import type { ServiceModule } from '../http';
import { createRestApi } from './service';

export const restService: ServiceModule = {
	name: 'rest',
	schemaFiles: [new URL('./schema.sql', import.meta.url)],
	async create(ctx) {
		const api = await createRestApi(ctx);
		return {
			name: 'rest',
			routes: [
				{ prefix: '/rest/v1', keyPolicy: () => 'required', sendsCors: true, handle: api.handle }
			],
			close: api.close
		};
	}
};
