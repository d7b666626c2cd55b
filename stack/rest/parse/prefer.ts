// The Prefer header, as PostgREST reads it: comma-separated, from every Prefer header, first value of
// each kind wins, anything else is "invalid" (an error only with handling=strict). `tx=commit` and
// `tx=rollback` are always valid, but only taken when db-tx-end allows them.

export interface Preferences {
	resolution?: 'merge-duplicates' | 'ignore-duplicates';
	return?: 'minimal' | 'representation' | 'headers-only';
	count?: 'exact' | 'planned' | 'estimated';
	tx?: 'commit' | 'rollback';
	missing?: 'default' | 'null';
	handling?: 'strict' | 'lenient';
	timezone?: string;
	maxAffected?: number;
	invalid: string[];
}

const choices = {
	resolution: ['merge-duplicates', 'ignore-duplicates'],
	return: ['minimal', 'representation', 'headers-only'],
	count: ['exact', 'planned', 'estimated'],
	tx: ['commit', 'rollback'],
	missing: ['default', 'null'],
	handling: ['strict', 'lenient']
} as const;

export function parsePreferences(
	header: string | string[] | undefined,
	txOverride = false
): Preferences {
	if (header === undefined) return { invalid: [] };
	const values = (Array.isArray(header) ? header : [header])
		.flatMap((h) => h.split(','))
		.map((p) => p.trim())
		.filter((p) => p !== '');
	const prefs: Preferences = { invalid: [] };
	const set = prefs as unknown as Record<string, unknown>;
	for (const pref of values) {
		const at = pref.indexOf('=');
		const name = at < 0 ? pref : pref.slice(0, at);
		const value = at < 0 ? '' : pref.slice(at + 1);
		if (
			name in choices &&
			(choices[name as keyof typeof choices] as readonly string[]).includes(value)
		) {
			if (name !== 'tx' || txOverride) set[name] ??= value;
		} else if (name === 'timezone' && at >= 0) {
			prefs.timezone ??= value;
		} else if (name === 'max-affected' && at >= 0) {
			if (/^-?[0-9]+$/.test(value)) prefs.maxAffected ??= Number(value);
		} else {
			prefs.invalid.push(pref);
		}
	}
	return prefs;
}

const appliedNames = [
	'resolution',
	'missing',
	'return',
	'count',
	'tx',
	'handling',
	'timezone'
] as const satisfies readonly (keyof Preferences)[];

/** The Preference-Applied header value for the preferences a response honoured. */
export function preferenceApplied(applied: Partial<Preferences>): string | undefined {
	// Built as one string, as this runs for every response; a preference given empty leaves an empty
	// part, as it always has.
	let text: string | undefined;
	for (const name of appliedNames) {
		const value = applied[name];
		if (value === undefined) continue;
		const part = value ? `${name}=${value}` : '';
		text = text === undefined ? part : `${text}, ${part}`;
	}
	if (applied.handling === 'strict' && applied.maxAffected !== undefined) {
		const part = `max-affected=${applied.maxAffected}`;
		text = text === undefined ? part : `${text}, ${part}`;
	}
	return text;
}
