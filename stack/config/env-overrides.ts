// config.toml values overridden by the environment, as the Supabase CLI lets Viper do it: a key's
// dotted path, upper-cased with `.` turned into `_` and prefixed `SUPABASE_`, so
// `SUPABASE_AUTH_RATE_LIMIT_SIGN_IN_SIGN_UPS=1000` raises `[auth.rate_limit] sign_in_sign_ups`.
// Only scalar keys the stack reads (or the file sets) are looked up; an empty variable is unset.

export type Environment = Record<string, string | undefined>;

type Table = Record<string, unknown>;

const isTable = (value: unknown): value is Table =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

export const envName = (path: string[]) => `SUPABASE_${path.join('_').toUpperCase()}`;

/** The text of a variable as the TOML value it replaces: numbers and booleans typed, else text. */
function typed(text: string, like: unknown): unknown {
	if (typeof like === 'number' && /^-?\d+(\.\d+)?$/.test(text.trim())) return Number(text);
	if (typeof like === 'boolean' && (text === 'true' || text === 'false')) return text === 'true';
	return text;
}

/**
 * `raw` (the parsed TOML) with every scalar key of `known` (the defaults) or of `raw` itself that
 * has a variable in `env` replaced by it. Neither input is changed.
 */
export function applyEnvOverrides(raw: Table, known: Table, env: Environment): Table {
	const walk = (file: Table, defaults: Table, path: string[]): Table => {
		const result: Table = { ...file };
		for (const key of new Set([...Object.keys(defaults), ...Object.keys(file)])) {
			const here = [...path, key];
			const value = key in file ? file[key] : defaults[key];
			if (isTable(value)) {
				const child = walk(
					isTable(file[key]) ? file[key] : {},
					isTable(defaults[key]) ? defaults[key] : {},
					here
				);
				if (Object.keys(child).length > 0) result[key] = child;
			} else if (!Array.isArray(value)) {
				const text = env[envName(here)];
				if (text) result[key] = typed(text, value);
			}
		}
		return result;
	};
	return walk(raw, known, []);
}
