// The Supabase CLI's config.toml units: sizes like "50MiB" and durations like "1s" or "1h30m".

const sizeUnits: Record<string, number> = {
	'': 1,
	b: 1,
	kb: 1000,
	mb: 1000 ** 2,
	gb: 1000 ** 3,
	kib: 1024,
	mib: 1024 ** 2,
	gib: 1024 ** 3
};

/** Bytes in a size such as `"50MiB"`, `"25MB"` or `1048576`; undefined when it is not one. */
export function parseSize(value: string | number): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
	const unit = match && sizeUnits[match[2].toLowerCase()];
	return match && unit ? Math.round(Number(match[1]) * unit) : undefined;
}

const durationUnits: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds in a Go-style duration such as `"1s"`, `"5m"` or `"1h30m"`; undefined when it is not one. */
export function parseDuration(value: string | number): number | undefined {
	if (typeof value === 'number') return value >= 0 ? value : undefined;
	const parts = [...value.trim().matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
	if (parts.length === 0 || parts.map((p) => p[0]).join('') !== value.trim()) return undefined;
	return parts.reduce((total, [, amount, unit]) => total + Number(amount) * durationUnits[unit], 0);
}
