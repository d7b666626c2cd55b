// Go's time.ParseDuration, which GoTrue uses for `ban_duration` ("24h", "1h30m", "500ms").
const units: Record<string, number> = {
	ns: 1e-6,
	us: 1e-3,
	µs: 1e-3,
	ms: 1,
	s: 1000,
	m: 60_000,
	h: 3_600_000
};

/** Milliseconds, or undefined when `text` is not a Go duration. */
export function parseGoDuration(text: string): number | undefined {
	const match = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
	if (!match) return text === '0' ? 0 : undefined;
	const parts = [...text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)];
	const total = parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * units[unit], 0);
	return match[1] === '-' ? -total : total;
}
