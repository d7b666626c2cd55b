// An error page for a 5xx (the backend out of reach: the local stack restarting, a network blip)
// loads its page again by itself, with back-off, until the backend answers: the person is back
// where they were without reloading.
import { invalidateAll } from '$app/navigation';
import { page } from '$app/state';

/** Milliseconds before the `attempt`-th retry: 1 s, 2 s, 4 s, then every 8 s. */
export const retryDelay = (attempt: number) => Math.min(8_000, 1_000 * 2 ** attempt);

/** Call from an error page's script: retries while the page shows a 5xx, stops when it is gone. */
export function retryWhileUnavailable(): void {
	$effect(() => {
		if (page.status < 500) return;
		let attempt = 0;
		let timer: ReturnType<typeof setTimeout>;
		const retry = () => {
			timer = setTimeout(async () => {
				attempt += 1;
				await invalidateAll();
				if (page.status >= 500) retry();
			}, retryDelay(attempt));
		};
		retry();
		return () => clearTimeout(timer);
	});
}
