// The mail catcher's settings from supabase/config.toml's [inbucket] (with `SUPABASE_*` overrides),
// for `npm run dev` to hand the app before vite starts. Only these three keys, without the validated
// config: loading its zod schema took 0.2–0.5 s of CPU before vite could start. The stack itself
// reads the whole file through the schema when it starts and reports any bad value there.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { applyEnvOverrides, type Environment } from './env-overrides';
import { inbucketDefaults } from './inbucket-defaults';

export interface MailPorts {
	enabled: boolean;
	/** The web inbox. */
	port: number;
	/** The SMTP listener, when the file sets one. */
	smtp_port?: number;
}

const isPort = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535;

export async function readMailPorts(
	workdir: string,
	env: Environment = process.env
): Promise<MailPorts> {
	const file = join(workdir, 'supabase', 'config.toml');
	let text = '';
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	const raw = applyEnvOverrides(parse(text), { inbucket: inbucketDefaults }, env);
	const inbucket = { ...inbucketDefaults, ...(raw.inbucket as Record<string, unknown>) };
	const { enabled, port, smtp_port } = inbucket as Record<string, unknown>;
	if (typeof enabled !== 'boolean') throw new Error(`${file}: inbucket.enabled: not true or false`);
	for (const [key, value] of [
		['port', port],
		['smtp_port', smtp_port ?? 0]
	] as const) {
		if (!isPort(value)) throw new Error(`${file}: inbucket.${key}: not a port number`);
	}
	return {
		enabled,
		port: port as number,
		...(smtp_port === undefined ? {} : { smtp_port: smtp_port as number })
	};
}
