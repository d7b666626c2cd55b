-- Supabase Cron: the SQL API of pg_cron 1.6 (schema cron, its tables, functions, errors and the
-- grants Supabase's image applies once the extension is enabled), so migrations and RPCs that
-- schedule jobs run unchanged. The stack's cron service (scheduler.ts) runs the jobs. Everything here
-- is plain SQL and PL/pgSQL: on PGlite and on a PostgreSQL without pg_cron alike.

create schema if not exists _stack;

-- Owned by supabase_admin, as the extension is on Supabase: the security definer functions below
-- run as that superuser, and postgres holds only what Supabase grants it.
set local role supabase_admin;

-- Schedules ---------------------------------------------------------------------------------------

-- One value of a cron field: a number, or a name where the field has names (months, weekdays).
create function _stack.cron_field_value(p_value text, p_low int, p_names text[]) returns int
language sql
immutable
set search_path = ''
as $$
  select case
    when pg_catalog.array_position(p_names, p_value) is not null
      then pg_catalog.array_position(p_names, p_value) - 1 + p_low
    when p_value ~ '^[0-9]+$' and pg_catalog.length(pg_catalog.ltrim(p_value, '0')) <= 9
      then p_value::int
  end
$$;

-- The values one field of a cron schedule selects: a comma list of `*`, `n` or `n-m`, each range
-- optionally `/step`. Null when the field is not valid for the range [p_low, p_high].
create function _stack.cron_parse_field(p_field text, p_low int, p_high int, p_names text[])
returns int[]
language plpgsql
immutable
set search_path = ''
as $$
declare
  item text;
  parts text[];
  first_value int;
  last_value int;
  step int;
  selected int[] := '{}';
begin
  foreach item in array pg_catalog.string_to_array(pg_catalog.lower(p_field), ',') loop
    parts := pg_catalog.regexp_match(item, '^(?:(\*)|([a-z0-9]+)(?:-([a-z0-9]+))?)(?:/([0-9]+))?$');
    if parts is null then
      return null;
    end if;
    if parts[1] is not null then
      first_value := p_low;
      last_value := p_high;
    else
      -- As in Vixie cron, a step needs a range: `5/10` is refused.
      if parts[3] is null and parts[4] is not null then
        return null;
      end if;
      first_value := _stack.cron_field_value(parts[2], p_low, p_names);
      last_value := coalesce(_stack.cron_field_value(parts[3], p_low, p_names), first_value);
      if parts[3] is not null and _stack.cron_field_value(parts[3], p_low, p_names) is null then
        return null;
      end if;
    end if;
    step := case
      when parts[4] is null then 1
      when pg_catalog.length(pg_catalog.ltrim(parts[4], '0')) <= 9 then parts[4]::int
    end;
    -- pg_cron takes a reversed range (`10-5`) as selecting nothing, a job that never runs; the stack
    -- refuses it instead, as it refuses anything pg_cron would run other than as written.
    if first_value is null or step is null or step < 1 or step > p_high
      or first_value < p_low or last_value > p_high or first_value > last_value then
      return null;
    end if;
    selected := selected || array(select pg_catalog.generate_series(first_value, last_value, step));
  end loop;
  return array(select distinct v from pg_catalog.unnest(selected) v order by v);
end
$$;

-- A schedule as pg_cron reads it (its Vixie cron grammar, `@` macros, `[1-59] seconds`), as JSON:
--   {"seconds": n}, {"reboot": true}, or {"minutes", "hours", "days", "months", "weekdays": [...],
--   "lastDay": `$` in the day field, "daysStar"/"weekdaysStar": the field began with `*`}
-- Null when pg_cron would answer "invalid schedule". Stricter than pg_cron where pg_cron would
-- silently run something else than written: text after the fifth field or after a macro (pg_cron
-- ignores it), garbage after a field's value (pg_cron skips it), reversed ranges, and @yearly /
-- @annually (pg_cron accepts them but, from a Vixie cron slip, never runs them).
create function _stack.cron_parse(p_schedule text) returns jsonb
language plpgsql
immutable
set search_path = ''
as $$
declare
  seconds text[];
  body text;
  fields text[];
  minutes int[];
  hours int[];
  days int[];
  months int[];
  weekdays int[];
  all_days constant int[] := array(select pg_catalog.generate_series(1, 31));
  all_months constant int[] := array(select pg_catalog.generate_series(1, 12));
  all_weekdays constant int[] := array(select pg_catalog.generate_series(0, 6));
  all_hours constant int[] := array(select pg_catalog.generate_series(0, 23));
begin
  if p_schedule is null then
    return null;
  end if;

  -- pg_cron's interval form, read as its sscanf(" %u secon%c%c %c") reads it.
  seconds := pg_catalog.regexp_match(pg_catalog.lower(p_schedule), '^\s*\+?([0-9]+)\s*second(s\s*)?$');
  if seconds is not null then
    if pg_catalog.length(pg_catalog.ltrim(seconds[1], '0')) between 1 and 2
      and seconds[1]::int between 1 and 59 then
      return pg_catalog.jsonb_build_object('seconds', seconds[1]::int);
    end if;
    return null;
  end if;

  if pg_catalog.length(p_schedule) >= 1000 then
    return null;
  end if;
  -- Blank and comment lines before the schedule are skipped, as in a crontab.
  body := pg_catalog.regexp_replace(p_schedule, '^([ \t]*(#[^\n]*)?\n)*[ \t]*', '');

  if body like '@%' then
    return case pg_catalog.substring(body, '^@([^ \t\n]*)\s*$')
      when 'reboot' then '{"reboot": true}'::jsonb
      when 'restart' then '{"reboot": true}'::jsonb
      when 'monthly' then pg_catalog.jsonb_build_object(
        'minutes', array[0], 'hours', array[0], 'days', array[1], 'months', all_months,
        'weekdays', all_weekdays, 'lastDay', false, 'daysStar', false, 'weekdaysStar', true)
      when 'weekly' then pg_catalog.jsonb_build_object(
        'minutes', array[0], 'hours', array[0], 'days', all_days, 'months', all_months,
        'weekdays', array[0], 'lastDay', false, 'daysStar', false, 'weekdaysStar', true)
      when 'daily' then pg_catalog.jsonb_build_object(
        'minutes', array[0], 'hours', array[0], 'days', all_days, 'months', all_months,
        'weekdays', all_weekdays, 'lastDay', false, 'daysStar', false, 'weekdaysStar', false)
      when 'midnight' then pg_catalog.jsonb_build_object(
        'minutes', array[0], 'hours', array[0], 'days', all_days, 'months', all_months,
        'weekdays', all_weekdays, 'lastDay', false, 'daysStar', false, 'weekdaysStar', false)
      when 'hourly' then pg_catalog.jsonb_build_object(
        'minutes', array[0], 'hours', all_hours, 'days', all_days, 'months', all_months,
        'weekdays', all_weekdays, 'lastDay', false, 'daysStar', false, 'weekdaysStar', false)
    end;
  end if;

  fields := pg_catalog.regexp_match(
    body, '^([^\s]+)[ \t]+([^\s]+)[ \t]+([^\s]+)[ \t]+([^\s]+)[ \t]+([^\s]+)\s*$'
  );
  if fields is null then
    return null;
  end if;
  minutes := _stack.cron_parse_field(fields[1], 0, 59, null);
  hours := _stack.cron_parse_field(fields[2], 0, 23, null);
  days := case when fields[3] = '$' then '{}' else _stack.cron_parse_field(fields[3], 1, 31, null) end;
  months := _stack.cron_parse_field(
    fields[4], 1, 12, '{jan,feb,mar,apr,may,jun,jul,aug,sep,oct,nov,dec}'
  );
  weekdays := _stack.cron_parse_field(fields[5], 0, 7, '{sun,mon,tue,wed,thu,fri,sat,sun}');
  if minutes is null or hours is null or days is null or months is null or weekdays is null then
    return null;
  end if;
  return pg_catalog.jsonb_build_object(
    'minutes', minutes,
    'hours', hours,
    'days', days,
    'months', months,
    -- Sunday is both 0 and 7.
    'weekdays', array(
      select distinct case when d = 7 then 0 else d end from pg_catalog.unnest(weekdays) d order by 1
    ),
    'lastDay', fields[3] = '$',
    'daysStar', pg_catalog.left(fields[3], 1) = '*',
    'weekdaysStar', pg_catalog.left(fields[5], 1) = '*'
  );
end
$$;

-- Schema cron, as pg_cron creates it -------------------------------------------------------------

create schema cron;
create sequence cron.jobid_seq;
create sequence cron.runid_seq;

create table cron.job (
  jobid bigint primary key default pg_catalog.nextval('cron.jobid_seq'),
  schedule text not null,
  command text not null,
  nodename text not null default 'localhost',
  -- pg_cron's default is inet_server_port(), which is null over a socket and on PGlite.
  nodeport int not null default pg_catalog.current_setting('port')::int,
  database text not null default pg_catalog.current_database(),
  username text not null default current_user,
  active boolean not null default true,
  jobname text,
  constraint jobname_username_uniq unique (jobname, username)
);
alter table cron.job enable row level security;
create policy cron_job_policy on cron.job using (username operator(pg_catalog.=) current_user);

create table cron.job_run_details (
  jobid bigint,
  runid bigint primary key default pg_catalog.nextval('cron.runid_seq'),
  job_pid integer,
  database text,
  username text,
  command text,
  status text,
  return_message text,
  start_time timestamptz,
  end_time timestamptz
);
alter table cron.job_run_details enable row level security;
create policy cron_job_run_details_policy on cron.job_run_details
  using (username operator(pg_catalog.=) current_user);

-- Tells the scheduler to reload the jobs once the change commits, as pg_cron's trigger does.
create function cron.job_cache_invalidate() returns trigger
language plpgsql
set search_path = ''
as $$
begin
  perform pg_catalog.pg_notify('_stack_cron_jobs', '');
  return null;
end
$$;
comment on function cron.job_cache_invalidate() is 'invalidate job cache';

create trigger cron_job_cache_invalidate
  after insert or update or delete or truncate on cron.job
  for each statement execute function cron.job_cache_invalidate();

-- The role calling a cron function. The functions run as their owner (pg_cron's C functions switch
-- to the extension owner for their writes), where current_user names the owner, so the caller is
-- read from the session: the role it SET, else its session user. A security definer function that
-- calls cron.schedule therefore schedules for the session's role, not for that function's owner.
create function _stack.cron_caller() returns text
language sql
stable
set search_path = ''
as $$
  select case pg_catalog.current_setting('role')
    when 'none' then session_user::text
    else pg_catalog.current_setting('role')
  end
$$;

create function _stack.cron_is_superuser(p_role text) returns boolean
language sql
stable
set search_path = ''
as $$
  select coalesce((select r.rolsuper from pg_catalog.pg_roles r where r.rolname = p_role), false)
$$;

-- The checks pg_cron makes of a job's database and user before it writes the job.
create function _stack.cron_check_target(p_database text, p_username text, p_named_user boolean)
returns void
language plpgsql
stable
set search_path = ''
as $$
begin
  if p_named_user then
    if not exists (select from pg_catalog.pg_roles r where r.rolname = p_username) then
      raise exception using errcode = 'XX000', message = pg_catalog.format('role "%s" does not exist', p_username);
    end if;
    if not (select r.rolcanlogin from pg_catalog.pg_roles r where r.rolname = p_username) then
      raise exception using errcode = 'XX000',
        message = pg_catalog.format('role "%s" can not log in', p_username),
        detail = 'Jobs may only be run by roles that have the LOGIN attribute.';
    end if;
  end if;
  if not exists (select from pg_catalog.pg_database d where d.datname = p_database) then
    raise exception using errcode = '3D000', message = pg_catalog.format('database "%s" does not exist', p_database);
  end if;
  if not pg_catalog.has_database_privilege(p_username, p_database, 'CONNECT') then
    raise exception using errcode = 'XX000',
      message = pg_catalog.format('User %s does not have CONNECT privilege on %s', p_username, p_database);
  end if;
  -- pg_cron's background worker can run jobs in any database of the cluster; the stack's scheduler
  -- serves the one database it is connected to.
  if p_database <> pg_catalog.current_database() then
    raise exception using errcode = '0A000',
      message = pg_catalog.format('the local stack runs cron jobs only in database "%s"', pg_catalog.current_database()),
      hint = 'Schedule the job in the database the stack uses.';
  end if;
end
$$;

-- Prepares a run's session as a login of the job's user would: pg_cron connects as that user, so a
-- role that is gone or may not log in fails the run before it starts. The role's and the
-- database's settings (ALTER ROLE/DATABASE … SET) apply, the most specific last; the caller then
-- switches identity with SET SESSION AUTHORIZATION.
create function _stack.cron_login(p_username text) returns void
language plpgsql
set search_path = ''
as $$
declare
  setting record;
begin
  if not coalesce((select r.rolcanlogin from pg_catalog.pg_roles r where r.rolname = p_username), false) then
    raise exception using errcode = '28000',
      message = pg_catalog.format('role "%s" does not exist or is not permitted to log in', p_username);
  end if;
  for setting in
    select pg_catalog.split_part(c.setting, '=', 1) as name,
           pg_catalog.substr(c.setting, pg_catalog.strpos(c.setting, '=') + 1) as value
    from pg_catalog.pg_db_role_setting d
    cross join lateral pg_catalog.unnest(d.setconfig) c(setting)
    where d.setdatabase in (0, (select db.oid from pg_catalog.pg_database db where db.datname = pg_catalog.current_database()))
      and d.setrole in (0, (select r.oid from pg_catalog.pg_roles r where r.rolname = p_username))
    order by d.setrole <> 0, d.setdatabase <> 0
  loop
    perform pg_catalog.set_config(setting.name, setting.value, false);
  end loop;
end
$$;
revoke all on function _stack.cron_login(text) from public;

create function _stack.cron_invalid_schedule(p_schedule text) returns void
language plpgsql
immutable
set search_path = ''
as $$
begin
  raise exception using errcode = '22023',
    message = pg_catalog.format('invalid schedule: %s', p_schedule),
    hint = 'Use cron format (e.g. 5 4 * * *), or interval format ''[1-59] seconds''';
end
$$;

create function _stack.cron_schedule(
  p_schedule text,
  p_command text,
  p_database text,
  p_username text,
  p_active boolean,
  p_jobname text
) returns bigint
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller text := _stack.cron_caller();
  job_user text := coalesce(p_username, caller);
  job_database text := coalesce(p_database, pg_catalog.current_database());
  new_jobid bigint;
begin
  if _stack.cron_parse(p_schedule) is null then
    perform _stack.cron_invalid_schedule(p_schedule);
  end if;
  if p_username is not null and not _stack.cron_is_superuser(caller) then
    raise exception using errcode = 'XX000', message = 'must be superuser to create a job for another role';
  end if;
  perform _stack.cron_check_target(job_database, job_user, p_username is not null);
  -- A named job is upserted by (jobname, username), keeping its id and its active flag.
  insert into cron.job (schedule, command, nodename, nodeport, database, username, active, jobname)
  values (
    p_schedule, p_command, 'localhost', pg_catalog.current_setting('port')::int, job_database,
    job_user, p_active, p_jobname
  )
  on conflict on constraint jobname_username_uniq do update
    set schedule = excluded.schedule, command = excluded.command, database = excluded.database
  returning jobid into new_jobid;
  return new_jobid;
end
$$;
revoke all on function _stack.cron_schedule(text, text, text, text, boolean, text) from public;

-- The functions -----------------------------------------------------------------------------------

create function cron.schedule(schedule text, command text) returns bigint
language plpgsql
strict
security definer
set search_path = ''
as $$
begin
  return _stack.cron_schedule(schedule, command, null, null, true, null);
end
$$;
comment on function cron.schedule(text, text) is 'schedule a pg_cron job';

create function cron.schedule(job_name text, schedule text, command text) returns bigint
language plpgsql
security definer
set search_path = ''
as $$
begin
  if job_name is null then
    raise exception using errcode = 'XX000', message = 'job_name can not be NULL';
  elsif schedule is null then
    raise exception using errcode = 'XX000', message = 'schedule can not be NULL';
  elsif command is null then
    raise exception using errcode = 'XX000', message = 'command can not be NULL';
  end if;
  return _stack.cron_schedule(schedule, command, null, null, true, job_name);
end
$$;
comment on function cron.schedule(text, text, text) is 'schedule a pg_cron job';

create function cron.schedule_in_database(
  job_name text,
  schedule text,
  command text,
  database text,
  username text default null,
  active boolean default 'true'
) returns bigint
language plpgsql
security definer
set search_path = ''
as $$
begin
  if job_name is null then
    raise exception using errcode = 'XX000', message = 'job_name can not be NULL';
  elsif schedule is null then
    raise exception using errcode = 'XX000', message = 'schedule can not be NULL';
  elsif command is null then
    raise exception using errcode = 'XX000', message = 'command can not be NULL';
  end if;
  return _stack.cron_schedule(schedule, command, database, username, coalesce(active, true), job_name);
end
$$;
comment on function cron.schedule_in_database(text, text, text, text, text, boolean)
  is 'schedule a pg_cron job';

create function cron.unschedule(job_id bigint) returns boolean
language plpgsql
strict
security definer
set search_path = ''
as $$
declare
  caller text := _stack.cron_caller();
  owner_name text;
begin
  select j.username into owner_name from cron.job j where j.jobid = job_id;
  if not found then
    raise exception using errcode = 'XX000', message = pg_catalog.format('could not find valid entry for job %s', job_id);
  end if;
  if owner_name is distinct from caller
    and not pg_catalog.has_table_privilege(caller, 'cron.job', 'DELETE') then
    raise exception using errcode = '42501', message = 'permission denied for table job';
  end if;
  delete from cron.job j where j.jobid = job_id;
  return true;
end
$$;
comment on function cron.unschedule(bigint) is 'unschedule a pg_cron job';

create function cron.unschedule(job_name text) returns boolean
language plpgsql
strict
security definer
set search_path = ''
as $$
declare
  caller text := _stack.cron_caller();
  found_jobid bigint;
begin
  select j.jobid into found_jobid from cron.job j where j.jobname = job_name and j.username = caller;
  if not found then
    raise exception using errcode = 'XX000', message = pg_catalog.format('could not find valid entry for job ''%s''', job_name);
  end if;
  delete from cron.job j where j.jobid = found_jobid;
  return true;
end
$$;
comment on function cron.unschedule(text) is 'unschedule a pg_cron job';

create function cron.alter_job(
  job_id bigint,
  schedule text default null,
  command text default null,
  database text default null,
  username text default null,
  active boolean default null
) returns void
language plpgsql
security definer
set search_path = ''
as $$
declare
  caller text := _stack.cron_caller();
  job_user text := coalesce(username, caller);
begin
  if job_id is null then
    raise exception using errcode = 'XX000', message = 'job_id can not be NULL';
  end if;
  if username is not null then
    if not _stack.cron_is_superuser(caller) then
      raise exception using errcode = 'XX000', message = 'must be superuser to alter username';
    end if;
    perform _stack.cron_check_target(pg_catalog.current_database(), username, true);
  end if;
  if database is not null then
    perform _stack.cron_check_target(database, job_user, false);
  end if;
  if schedule is not null and _stack.cron_parse(schedule) is null then
    perform _stack.cron_invalid_schedule(schedule);
  end if;
  if schedule is null and command is null and database is null and username is null and active is null then
    raise exception using errcode = 'XX000', message = 'no updates specified',
      hint = 'You must specify at least one job attribute to change when calling alter_job';
  end if;
  update cron.job j set
    schedule = coalesce(alter_job.schedule, j.schedule),
    command = coalesce(alter_job.command, j.command),
    database = coalesce(alter_job.database, j.database),
    username = coalesce(alter_job.username, j.username),
    active = coalesce(alter_job.active, j.active)
  where j.jobid = job_id and (_stack.cron_is_superuser(caller) or j.username = caller);
  if not found then
    raise exception using errcode = 'XX000', message = pg_catalog.format('Job %s does not exist or you don''t own it', job_id);
  end if;
end
$$;
comment on function cron.alter_job(bigint, text, text, text, text, boolean)
  is 'Alter the job identified by job_id. Any option left as NULL will not be modified.';

-- Grants: pg_cron's, then what Supabase applies when the extension is created -----------------------

grant select on cron.job to public;
grant select, delete on cron.job_run_details to public;
grant select on sequence cron.jobid_seq, cron.runid_seq to public;
-- pg_cron leaves these two to the administrator.
revoke all on function cron.alter_job(bigint, text, text, text, text, boolean) from public;
revoke all on function cron.schedule_in_database(text, text, text, text, text, boolean) from public;

grant usage on schema cron to postgres with grant option;
grant all on all functions in schema cron to postgres with grant option;
alter default privileges for user supabase_admin in schema cron
  grant all on sequences to postgres with grant option;
alter default privileges for user supabase_admin in schema cron
  grant all on tables to postgres with grant option;
alter default privileges for user supabase_admin in schema cron
  grant all on functions to postgres with grant option;
grant all privileges on all tables in schema cron to postgres with grant option;
revoke all on table cron.job from postgres;
grant select on table cron.job to postgres with grant option;

reset role;
