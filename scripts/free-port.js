// Asks the OS for a port nobody is listening on.
import { createServer } from 'node:net';

/** @returns {Promise<number>} */
export const freePort = () =>
	new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
