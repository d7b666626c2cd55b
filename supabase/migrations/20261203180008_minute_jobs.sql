-- The minute job: records SLA breaches that nothing else noticed, runs time rules, and routes
-- tickets that waited for an agent. Scheduled through Supabase Cron's SQL API. Every step is
-- idempotent (breaches are recorded once per target, time rules once per occasion, routing assigns
-- only unassigned tickets), rows another transaction holds are skipped, and overlapping runs give
-- way to each other through an advisory lock.

-- Touches the open tickets whose next breach is due before `at`, as bookkeeping: their BEFORE
-- trigger records the breaches (see sla_apply) and their AFTER trigger writes the history rows.
-- Returns how many tickets breached.
create function private.record_due_breaches(at timestamptz, batch integer)
returns integer
language plpgsql
volatile
set search_path = ''
as $$
declare
  breached integer;
begin
  perform set_config('autocrm.bookkeeping', 'on', true);
  update public.tickets t
  set sla_next_breach_at = t.sla_next_breach_at
  where t.id in (
    select d.id from public.tickets d
    where d.sla_next_breach_at < at
    order by d.sla_next_breach_at
    limit batch
    for update skip locked
  );
  get diagnostics breached = row_count;
  perform set_config('autocrm.bookkeeping', 'off', true);
  return breached;
end
$$;

-- `now` replaces the clock for the whole run (tests replay time with it); by default it is now().
-- A run that finds another one going gives way (`skipped`), unless asked to `wait` for it (a run
-- started by hand, or a test, next to the scheduler's).
create function public.run_minute_jobs(now timestamptz default null, wait boolean default false)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  at timestamptz;
  breached integer;
  rules integer;
  routed integer;
begin
  if run_minute_jobs.now is not null then
    perform set_config('autocrm.clock', run_minute_jobs.now::text, true);
  end if;
  at := private.clock();
  if wait then
    perform pg_advisory_xact_lock(private.lock_key('minute_jobs'), 0);
  elsif not pg_try_advisory_xact_lock(private.lock_key('minute_jobs'), 0) then
    return jsonb_build_object('at', at, 'skipped', true);
  end if;
  breached := private.record_due_breaches(at, 5000);
  rules := private.run_time_rules(at, 500);
  routed := private.route_waiting(
    array(select t.id from public.teams t where t.routing_mode <> 'manual'), at, 200);
  return jsonb_build_object(
    'at', at,
    'skipped', false,
    'sla_breached_tickets', breached,
    'time_rule_runs', rules,
    'routed_tickets', routed
  );
end
$$;

revoke execute on function private.record_due_breaches(timestamptz, integer) from public;
revoke execute on function public.run_minute_jobs(timestamptz, boolean) from public, anon, authenticated;

-- Hosted Supabase has pg_cron (preloaded; the extension is created here if it is not yet); the
-- local stack provides the same `cron` schema itself. Where neither exists (a plain PostgreSQL
-- without the extension) the job is simply not scheduled, and can be run by hand.
do $$
begin
  if not exists (select 1 from pg_catalog.pg_namespace where nspname = 'cron')
    and exists (select 1 from pg_catalog.pg_available_extensions where name = 'pg_cron')
    and current_setting('shared_preload_libraries') ~ 'pg_cron' then
    create extension if not exists pg_cron with schema pg_catalog;
  end if;
  if exists (select 1 from pg_catalog.pg_namespace where nspname = 'cron') then
    perform cron.schedule('autocrm-minute', '* * * * *', 'select public.run_minute_jobs()');
  end if;
end
$$;
