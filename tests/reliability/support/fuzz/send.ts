// Sends a generated request as generated (no client-side normalising of the path, unlike fetch),
// and reads the whole answer as text.
import { Agent, request } from 'node:http';
import type { FuzzRequest } from './http-cases';
import { encodePart } from './random';

// Connections kept alive between requests, as browsers and supabase-js keep them.
const agent = new Agent({ keepAlive: true });

export interface FuzzResponse {
	status: number;
	body: string;
}

/** A path with everything outside printable ASCII percent-encoded, as any HTTP client must send it. */
export const wirePath = (path: string) => path.replace(/[^\x21-\x7e]+/g, (run) => encodePart(run));

export function send(port: number, fuzz: FuzzRequest): Promise<FuzzResponse> {
	const body = typeof fuzz.body === 'string' ? Buffer.from(fuzz.body) : fuzz.body;
	// Framed as every real client frames a body (Node's own client would send a DELETE's raw).
	const headers = body ? { ...fuzz.headers, 'content-length': String(body.length) } : fuzz.headers;
	return new Promise((resolve, reject) => {
		const req = request(
			{
				host: '127.0.0.1',
				port,
				method: fuzz.method,
				path: wirePath(fuzz.path),
				headers,
				timeout: 60_000,
				agent
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (chunk: Buffer) => chunks.push(chunk));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
				);
				res.on('error', reject);
			}
		);
		req.on('timeout', () => req.destroy(new Error('no answer within 60 s')));
		req.on('error', reject);
		req.end(body);
	});
}
