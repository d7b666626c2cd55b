-- How often each automation rule ran and when it last did, for the automations settings page. Every
-- run, of an event or a time rule, writes one `system` history row naming the rule (meta.event
-- `automation`, meta.automation {id, name}), so the history is the record; a partial index keeps the
-- count to those rows. Runs as the caller: RLS on the history decides (staff only, second factor
-- where required), so a customer gets no rows.

create index ticket_activities_automation_runs_idx
  on public.ticket_activities ((meta -> 'automation' ->> 'id'), created_at)
  where kind = 'system' and meta ->> 'event' = 'automation';

create function public.automation_rule_runs()
returns table (rule_id uuid, runs bigint, last_run_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select (a.meta -> 'automation' ->> 'id')::uuid, count(*), max(a.created_at)
  from public.ticket_activities a
  where a.kind = 'system' and a.meta ->> 'event' = 'automation'
  group by a.meta -> 'automation' ->> 'id'
$$;

revoke execute on function public.automation_rule_runs() from public, anon;
grant execute on function public.automation_rule_runs() to authenticated;
