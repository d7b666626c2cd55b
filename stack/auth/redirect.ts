// Which `redirect_to` URLs the Auth API honours, as GoTrue decides: the site URL's own origin
// (any port on localhost), loopback IP addresses, or a match of `additional_redirect_urls`, whose
// globs treat `.` and `/` as separators (`*` stays within one label or segment, `**` crosses them).
// Anything else falls back to the site URL.

const separators = '[^./]';

/** A regular expression equivalent to one of GoTrue's redirect globs. */
export function globToRegExp(glob: string): RegExp {
	let source = '';
	let alternatives = 0;
	for (let i = 0; i < glob.length; i++) {
		const char = glob[i];
		if (char === '\\' && i + 1 < glob.length) {
			source += escape(glob[++i]);
		} else if (char === '*') {
			if (glob[i + 1] === '*') {
				source += '.*';
				i++;
			} else {
				source += `${separators}*`;
			}
		} else if (char === '?') {
			source += separators;
		} else if (char === '[') {
			const end = glob.indexOf(']', i + 1);
			if (end === -1) {
				source += '\\[';
			} else {
				const body = glob.slice(i + 1, end);
				source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
				i = end;
			}
		} else if (char === '{') {
			source += '(?:';
			alternatives++;
		} else if (char === '}' && alternatives > 0) {
			source += ')';
			alternatives--;
		} else if (char === ',' && alternatives > 0) {
			source += '|';
		} else {
			source += escape(char);
		}
	}
	return new RegExp(`^${source}${')'.repeat(alternatives)}$`);
}

const escape = (char: string) => char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const localHosts = new Set(['localhost', '127.0.0.1', '::1', '0.0.0.0', '::']);
const isLocalhost = (host: string) => localHosts.has(host) || host.endsWith('.localhost');

const hostname = (url: URL) => url.hostname.replace(/^\[|\]$/g, '').toLowerCase();

function isLoopbackAddress(host: string): boolean {
	return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '::1';
}

export interface RedirectPolicy {
	/** True when GoTrue would send a user to `url`. */
	allows(url: string): boolean;
	/** `candidate` when allowed, otherwise the site URL. */
	resolve(candidate: string | undefined | null): string;
}

export function createRedirectPolicy(siteUrl: string, allowList: string[]): RedirectPolicy {
	const site = new URL(siteUrl);
	const patterns = allowList.map(globToRegExp);

	const allows = (candidate: string) => {
		if (!candidate) return false;
		let url: URL;
		try {
			url = new URL(candidate);
		} catch {
			return false;
		}
		const host = hostname(url);
		if (
			host === hostname(site) &&
			url.protocol === site.protocol &&
			(url.port === site.port || isLocalhost(host))
		) {
			return true;
		}
		const isHttp = url.protocol === 'http:' || url.protocol === 'https:';
		if (/^\d+$/.test(host)) return false;
		if (/^[\d.]+$/.test(host) || host.includes(':')) return isLoopbackAddress(host);
		if (isHttp && !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(host)) return false;
		const withoutFragment = candidate.split('#')[0];
		return patterns.some((pattern) => pattern.test(withoutFragment));
	};

	return {
		allows,
		resolve: (candidate) => (candidate && allows(candidate) ? candidate : siteUrl)
	};
}
