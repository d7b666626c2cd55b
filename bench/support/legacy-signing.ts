// A copy of the project whose access tokens are signed with the JWT secret (HS256), as a hosted
// project that never moved to signing keys signs them, and as this project did before it had one:
// its signing keys file holds no key (GoTrue then signs with the secret). The app then cannot
// verify a token itself, and getClaims() asks the Auth server (GET /auth/v1/user) every time.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'smol-toml';

const projectSupabase = join(import.meta.dirname, '..', '..', 'supabase');

export async function legacySigningWorkdir(): Promise<{
	workdir: string;
	remove: () => Promise<void>;
}> {
	const workdir = await mkdtemp(join(tmpdir(), 'autocrm-hs256-'));
	const supabase = join(workdir, 'supabase');
	await cp(projectSupabase, supabase, { recursive: true });
	const configPath = join(supabase, 'config.toml');
	const config = parse(await readFile(configPath, 'utf8')) as { auth: Record<string, unknown> };
	config.auth.signing_keys_path = './no_signing_keys.json';
	await writeFile(configPath, stringify(config));
	await writeFile(join(supabase, 'no_signing_keys.json'), '[]\n');
	return { workdir, remove: () => rm(workdir, { recursive: true, force: true }) };
}
