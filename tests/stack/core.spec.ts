// The stack's process and database bootstrap: what Supabase's image holds before any migration,
// migrations and seed as the CLI applies them, and clear failures.
import { spawn } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	ConfigError,
	createStack,
	DataFolderError,
	MigrationError,
	PortInUseError
} from '../../stack';
import { onPostgres, startTestStack, type TestStack } from '../support/stack';

const fixture = join(import.meta.dirname, 'fixtures', 'core');

describe('a fresh stack', () => {
	let stack: TestStack;
	beforeAll(async () => {
		stack = await startTestStack({ workdir: fixture });
	});
	afterAll(() => stack?.stop());

	const one = async <T>(sql: string) => (await stack.db.query<T>(sql)).rows[0];

	it('has the roles of the Supabase image', async () => {
		const { rows } = await stack.db.query<{
			rolname: string;
			rolbypassrls: boolean;
			rolcanlogin: boolean;
		}>(
			`select rolname, rolbypassrls, rolcanlogin from pg_roles
			 where rolname in ('anon','authenticated','service_role','authenticator','supabase_auth_admin',
			   'supabase_storage_admin','supabase_admin') order by rolname`
		);
		expect(rows.map((r) => r.rolname)).toEqual([
			'anon',
			'authenticated',
			'authenticator',
			'service_role',
			'supabase_admin',
			'supabase_auth_admin',
			'supabase_storage_admin'
		]);
		expect(rows.find((r) => r.rolname === 'service_role')?.rolbypassrls).toBe(true);
		expect(rows.find((r) => r.rolname === 'anon')?.rolcanlogin).toBe(false);
	});

	it('has the schemas, the empty realtime publication and pgcrypto', async () => {
		const { rows } = await stack.db.query<{ nspname: string }>(
			`select nspname from pg_namespace where nspname in
			 ('auth','storage','realtime','extensions','supabase_migrations') order by 1`
		);
		expect(rows.map((r) => r.nspname)).toEqual([
			'auth',
			'extensions',
			'realtime',
			'storage',
			'supabase_migrations'
		]);
		expect(
			await one(`select count(*)::int as n from pg_publication where pubname = 'supabase_realtime'`)
		).toEqual({ n: 1 });
		expect(
			await one<{ ok: boolean }>(
				`select extensions.crypt('pw', extensions.gen_salt('bf')) like '$2a$%' as ok`
			)
		).toEqual({ ok: true });
	});

	it('defines auth.uid(), role(), email() and jwt() over request.jwt.claims', async () => {
		const claims = JSON.stringify({
			sub: '8d0fd2b3-9ca7-4a4f-9b8b-6a3a2a9b6e10',
			role: 'authenticated',
			email: 'a@b.c'
		});
		const row = await stack.db.transaction(async (tx) => {
			await tx.query(`select set_config('request.jwt.claims', $1, true)`, [claims]);
			return (
				await tx.query(
					`select auth.uid()::text as uid, auth.role() as role, auth.email() as email, auth.jwt() ->> 'role' as jwt_role`
				)
			).rows[0];
		});
		expect(row).toEqual({
			uid: '8d0fd2b3-9ca7-4a4f-9b8b-6a3a2a9b6e10',
			role: 'authenticated',
			email: 'a@b.c',
			jwt_role: 'authenticated'
		});
	});

	it('grants new public tables to anon, authenticated and service_role, as Supabase does', async () => {
		const { rows } = await stack.db.query<{ grantee: string }>(
			`select distinct grantee from information_schema.role_table_grants
			 where table_schema = 'public' and table_name = 'notes' and privilege_type = 'SELECT' order by 1`
		);
		expect(rows.map((r) => r.grantee)).toEqual(
			expect.arrayContaining(['anon', 'authenticated', 'service_role'])
		);
	});

	it('records migrations like the CLI and applies the seed', async () => {
		const { rows } = await stack.db.query<{ version: string; name: string; statements: string[] }>(
			`select version, name, statements from supabase_migrations.schema_migrations order by version`
		);
		expect(rows).toEqual([
			{
				version: '20240101000000',
				name: 'notes',
				statements: [
					'create table public.notes (\n  id bigint generated always as identity primary key,\n  body text not null\n);'
				]
			},
			{
				version: '20240102000000',
				name: 'note_flags',
				statements: ['alter table public.notes add column pinned boolean not null default false;']
			}
		]);
		expect(await one(`select body, pinned from public.notes`)).toEqual({
			body: 'seeded',
			pinned: false
		});
		expect(stack.created).toBe(true);
	});

	it('rolls back a transaction asked to, and still returns what its work returned', async () => {
		const inserted = await stack.db.transaction(
			async (tx) =>
				(
					await tx.query<{ body: string }>(
						`insert into public.notes (body) values ('probe') returning body`
					)
				).rows[0].body,
			{ rollback: true }
		);
		expect(inserted).toBe('probe');
		expect(await one(`select count(*)::int as n from public.notes where body = 'probe'`)).toEqual({
			n: 0
		});
	});

	it('has the auth tables GoTrue keeps', async () => {
		const { rows } = await stack.db.query<{ table_name: string }>(
			`select table_name from information_schema.tables where table_schema = 'auth' order by 1`
		);
		expect(rows.map((r) => r.table_name)).toEqual(
			expect.arrayContaining(['identities', 'refresh_tokens', 'sessions', 'users'])
		);
	});
});

describe('migrations and a seed calling extension functions unqualified', () => {
	let stack: TestStack;
	beforeAll(async () => {
		stack = await startTestStack({
			workdir: join(import.meta.dirname, 'fixtures', 'seed-search-path')
		});
	});
	afterAll(() => stack?.stop());

	it('run with the search path `supabase start` gives them, as the postgres role of the image', async () => {
		const { rows } = await stack.db.query<{ email: string; matches: boolean; token: string }>(
			`select email, password_hash = extensions.crypt('seeded-password', password_hash) as matches, token
			 from public.members`
		);
		expect(rows).toEqual([
			{ email: 'seeded@example.com', matches: true, token: expect.stringMatching(/^[0-9a-f]{16}$/) }
		]);
	});

	it('leave no session setting of theirs behind for the services', async () => {
		const { rows } = await stack.db.query<{ search_path: string }>('show search_path');
		expect(rows[0].search_path).not.toBe('""');
		expect(rows[0].search_path).not.toBe('');
		const signUp = await stack
			.client()
			.auth.signUp({ email: 'after-seed@example.com', password: 'correct-horse-1' });
		expect(signUp.error).toBeNull();
	});
});

/**
 * A data folder gets no cached image: each test here builds PGlite from initdb, migrations and seed
 * two or three times, which a loaded 2-core machine running two test files at once makes slow.
 */
const dataFolderTimeout = 240_000;

describe.skipIf(onPostgres)('a kept data folder', { timeout: dataFolderTimeout }, () => {
	it('skips applied migrations and does not seed again on restart', async () => {
		const workdir = await mkdtemp(join(tmpdir(), 'stack-core-'));
		try {
			await cp(fixture, workdir, { recursive: true });
			const first = await createStack({ workdir, port: 0 });
			await first.db.query(`insert into public.notes (body) values ('kept')`);
			await first.stop();

			await writeFile(
				join(workdir, 'supabase', 'migrations', '20240103000000_note_tags.sql'),
				'alter table public.notes add column tags text[] not null default $${}$$;'
			);
			const second = await createStack({ workdir, port: 0 });
			try {
				expect(second.created).toBe(false);
				const { rows } = await second.db.query<{ body: string }>(
					`select body from public.notes order by id`
				);
				expect(rows.map((r) => r.body)).toEqual(['seeded', 'kept']);
				const versions = await second.db.query<{ version: string }>(
					`select version from supabase_migrations.schema_migrations order by 1`
				);
				expect(versions.rows.map((r) => r.version)).toEqual([
					'20240101000000',
					'20240102000000',
					'20240103000000'
				]);
			} finally {
				await second.stop();
			}
		} finally {
			await rm(workdir, { recursive: true, force: true });
		}
	});
});

describe.skipIf(onPostgres)('npm run db:reset', { timeout: dataFolderTimeout }, () => {
	it('drops the data folder and builds it again from the migrations and the seed', async () => {
		const workdir = await mkdtemp(join(tmpdir(), 'stack-reset-'));
		try {
			await cp(fixture, workdir, { recursive: true });
			const before = await createStack({ workdir, port: 0 });
			await before.db.query(`insert into public.notes (body) values ('scratch')`);
			await before.stop();

			const exitCode = await new Promise<number | null>((resolve) =>
				spawn(process.execPath, ['--import', 'tsx', 'stack/reset.ts', '--workdir', workdir], {
					cwd: join(import.meta.dirname, '..', '..'),
					stdio: 'ignore'
				}).on('exit', resolve)
			);
			expect(exitCode).toBe(0);

			const after = await createStack({ workdir, port: 0 });
			try {
				expect(after.created).toBe(false);
				const { rows } = await after.db.query<{ body: string }>(`select body from public.notes`);
				expect(rows).toEqual([{ body: 'seeded' }]);
			} finally {
				await after.stop();
			}
		} finally {
			await rm(workdir, { recursive: true, force: true });
		}
	});
});

describe('clear failures', () => {
	const withWorkdir = async (
		files: Record<string, string>,
		run: (workdir: string) => Promise<void>
	) => {
		const workdir = await mkdtemp(join(tmpdir(), 'stack-fail-'));
		try {
			await cp(fixture, workdir, { recursive: true });
			for (const [path, text] of Object.entries(files)) await writeFile(join(workdir, path), text);
			await run(workdir);
		} finally {
			await rm(workdir, { recursive: true, force: true });
		}
	};

	it('names the migration file, line and SQL error of a failing migration', async () => {
		await withWorkdir(
			{ 'supabase/migrations/20240104000000_broken.sql': 'select 1;\n\nselect * from nowhere;' },
			async (workdir) => {
				const error = await startTestStack({ workdir }).catch((e: Error) => e);
				expect(error).toBeInstanceOf(MigrationError);
				expect((error as Error).message).toMatch(
					/^supabase\/migrations\/20240104000000_broken\.sql failed \(line 3\): relation "nowhere" does not exist/
				);
			}
		);
	});

	it('refuses an invalid config.toml', async () => {
		await withWorkdir({ 'supabase/config.toml': '[auth]\njwt_expiry = -1\n' }, async (workdir) => {
			const error = await startTestStack({ workdir }).catch((e: Error) => e);
			expect(error).toBeInstanceOf(ConfigError);
			expect((error as Error).message).toMatch(/config\.toml: auth\.jwt_expiry: /);
		});
	});

	it.skipIf(onPostgres)('refuses a data folder it cannot open', async () => {
		await withWorkdir({ 'not-a-folder': 'a file' }, async (workdir) => {
			const data = join(workdir, 'not-a-folder', 'data');
			const error = await createStack({ workdir, port: 0, data }).catch((e: Error) => e);
			expect(error).toBeInstanceOf(DataFolderError);
			expect((error as Error).message).toMatch(/^cannot open data folder .*not-a-folder\/data: /);
		});
	});

	it('refuses a port in use', async () => {
		const blocker = createServer();
		await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
		const port = (blocker.address() as { port: number }).port;
		try {
			const error = await createStack({
				workdir: fixture,
				port,
				data: 'memory',
				mail: false
			}).catch((e: Error) => e);
			expect(error).toBeInstanceOf(PortInUseError);
		} finally {
			blocker.close();
		}
	});
});

describe.skipIf(onPostgres)('npm run stack', () => {
	const run = (args: string[]) =>
		new Promise<{
			code: number | null;
			stdout: string;
			stderr: string;
			child: ReturnType<typeof spawn>;
		}>((resolve) => {
			const child = spawn(process.execPath, ['--import', 'tsx', 'stack/cli.ts', ...args], {
				cwd: join(import.meta.dirname, '..', '..')
			});
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (chunk) => {
				stdout += chunk;
				if (stdout.includes('JWT secret:')) resolve({ code: null, stdout, stderr, child });
			});
			child.stderr.on('data', (chunk) => (stderr += chunk));
			child.on('exit', (code) => resolve({ code, stdout, stderr, child }));
		});

	it('prints its URL and keys when ready and stops cleanly on SIGTERM', async () => {
		const { stdout, child } = await run(['--workdir', fixture, '--data', 'memory', '--port', '0']);
		const lines = stdout.trim().split('\n');
		expect(lines[0]).toMatch(/^API URL: http:\/\/127\.0\.0\.1:\d+$/);
		expect(lines.slice(1).map((l) => l.split(':')[0])).toEqual([
			'anon key',
			'service_role key',
			'publishable key',
			'secret key',
			'JWT secret',
			'Inbucket URL'
		]);
		expect(lines[6]).toMatch(/^Inbucket URL: http:\/\/127\.0\.0\.1:\d+\/?$/);
		const exited = new Promise((resolve) => child.on('exit', resolve));
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});

	it('fails with one line on stderr and a non-zero exit', async () => {
		const blocker = createServer();
		await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
		const port = String((blocker.address() as { port: number }).port);
		try {
			const { code, stderr } = await run([
				'--workdir',
				fixture,
				'--data',
				'memory',
				'--port',
				port
			]);
			expect(code).toBe(1);
			expect(stderr.trim().split('\n')).toEqual([
				`stack: port ${port} is already in use; pick another with --port`
			]);
		} finally {
			blocker.close();
		}
	});
});
