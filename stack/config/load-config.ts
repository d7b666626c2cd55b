// Reads <workdir>/supabase/config.toml (absent means every default) and reports the first problem
// as one line naming the file and the key.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { configSchema, type StackConfig } from './schema';

export class ConfigError extends Error {
	name = 'ConfigError';
}

export function parseConfig(text: string, file = 'config.toml'): StackConfig {
	let raw: unknown;
	try {
		raw = parse(text);
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

export async function loadConfig(workdir: string): Promise<StackConfig> {
	const file = join(workdir, 'supabase', 'config.toml');
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return configSchema.parse({});
		throw new ConfigError(`cannot read ${file}: ${(error as Error).message}`);
	}
	return parseConfig(text, file);
}
