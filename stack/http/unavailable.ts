// A service the local stack does not serve yet answers every call with a clear 501, never a guess.
import { sendJson } from './respond';
import type { ServiceModule } from './service';

export const unavailableService = (name: string, prefix: string): ServiceModule => ({
	name,
	create: () => ({
		name,
		routes: [
			{
				prefix,
				keyPolicy: () => 'none',
				handle: async ({ res }) =>
					sendJson(res, 501, {
						code: 'not_implemented',
						message: `The local stack does not serve ${prefix} yet.`
					})
			}
		]
	})
});
