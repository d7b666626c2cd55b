// Reads <workdir>/supabase/config.toml (absent means every default) and reports the first problem
// as one line naming the file and the key.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { applyEnvOverrides, type Environment } from './env-overrides';
import { configSchema, type StackConfig } from './schema';

export class ConfigError extends Error {
	name = 'ConfigError';
}

const defaults = configSchema.parse({});

/**
 * The config in `text`, with `SUPABASE_*` variables of `env` taking precedence over the file, as
 * with the Supabase CLI (see env-overrides.ts).
 */
export function parseConfig(
	text: string,
	file = 'config.toml',
	env: Environment = {}
): StackConfig {
	let raw: unknown;
	try {
		raw = applyEnvOverrides(parse(text), defaults, env);
	} catch (error) {
		const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
		throw new ConfigError(`${file} is not valid TOML: ${detail}`);
	}
	const result = configSchema.safeParse(raw);
	if (!result.success) {
		const issue = result.error.issues[0];
		throw new ConfigError(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
	}
	return result.data;
}

export async function loadConfig(
	workdir: string,
	env: Environment = process.env
): Promise<StackConfig> {
	const file = join(workdir, 'supabase', 'config.toml');
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
		}
		text = '';
	}
	return parseConfig(text, file, env);
}
