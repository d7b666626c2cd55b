import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './index';
import { readMailPorts, type MailPorts } from './mail-ports';

const repo = resolve(import.meta.dirname, '..', '..');
const folders: string[] = [];

/** A work directory whose supabase/config.toml holds `text` (none when undefined). */
async function workdir(text?: string) {
	const dir = await mkdtemp(join(tmpdir(), 'mail-ports-'));
	folders.push(dir);
	if (text !== undefined) {
		await mkdir(join(dir, 'supabase'));
		await writeFile(join(dir, 'supabase', 'config.toml'), text);
	}
	return dir;
}

/** What the validated config says of the same keys. */
const fromSchema = ({ enabled, port, smtp_port }: MailPorts): MailPorts => ({
	enabled,
	port,
	smtp_port
});

afterEach(async () => {
	for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("the mail catcher's ports read without the schema (npm run dev)", () => {
	it("agrees with the validated config on the project's config.toml", async () => {
		const ports = await readMailPorts(repo, {});
		expect(ports).toEqual(fromSchema((await loadConfig(repo, {})).inbucket));
		expect(ports.smtp_port).toBeTypeOf('number');
	});

	it('takes the defaults of the schema when the file or the section is missing', async () => {
		const defaults = fromSchema(parseConfig('').inbucket);
		expect(await readMailPorts(await workdir(), {})).toEqual(defaults);
		expect(await readMailPorts(await workdir('[api]\nport = 1\n'), {})).toEqual(defaults);
	});

	it('applies SUPABASE_INBUCKET_* over the file, as the stack does', async () => {
		const dir = await workdir('[inbucket]\nport = 2000\nsmtp_port = 2001\n');
		const env = { SUPABASE_INBUCKET_SMTP_PORT: '3001', SUPABASE_INBUCKET_ENABLED: 'false' };
		const ports = await readMailPorts(dir, env);
		expect(ports).toEqual({ enabled: false, port: 2000, smtp_port: 3001 });
		expect(ports).toEqual(fromSchema((await loadConfig(dir, env)).inbucket));
	});

	it('names the key of a value that is not a port', async () => {
		const dir = await workdir('[inbucket]\nsmtp_port = "mail"\n');
		await expect(readMailPorts(dir, {})).rejects.toThrow('inbucket.smtp_port: not a port number');
	});
});
