-- Bulk actions at a million tickets (issue 13): the statement-level triggers on tickets planned for
-- one row.
--
-- Transition tables have no statistics: the planner takes their row count at planning time, and
-- PL/pgSQL keeps a statement's plan for the rest of the session. A backend whose first ticket update
-- changed one row (every update from the ticket page) kept nested loops over old_rows and new_rows,
-- and a later bulk update of 1,000 tickets ran the rollup's `changed`/`timed` joins as
-- 1,000 × 500 × 1,000 comparisons (EXPLAIN ANALYZE on the 1M database: 471 s, against 0.3 s for a
-- plan made for 1,000 rows). Whether a bulk update took 0.7 s or minutes depended on what its
-- pooled connection had run before.
--
-- Each statement is now planned for the rows it is given: a custom plan every time (both of the
-- rollup's statements use the variable `zone`, so they are parameterised and the setting applies),
-- and dynamic SQL for the agent-load counts, which have no parameters. Planning costs well under
-- a millisecond per UPDATE statement, not per row. enable_nestloop = off would not do: the rollup
-- of replies needs its nested loop into ticket_activities, and the disable cost pushes every plan
-- over jit_above_cost. JIT is off for the same reason: these statements run in milliseconds and
-- compiling them costs more than it saves, which a bulk of 5,000 rows would otherwise reach.
alter function private.report_track_ticket_updates() set plan_cache_mode = force_custom_plan;
alter function private.report_track_ticket_updates() set jit = off;

create or replace function private.track_agent_load_updates()
returns trigger
language plpgsql
security definer
set search_path = ''
set jit = off
as $$
begin
  execute $sql$
    with moved as (
      select o.assignee_id as old_assignee, n.assignee_id as new_assignee,
        o.status in ('open', 'pending', 'on_hold') as was_open,
        n.status in ('open', 'pending', 'on_hold') as is_open
      from old_rows o
      join new_rows n on n.id = o.id
      where o.assignee_id is distinct from n.assignee_id
        or (o.status in ('open', 'pending', 'on_hold')) <> (n.status in ('open', 'pending', 'on_hold'))
    ),
    left_behind as (
      select m.old_assignee as agent_id, count(*) as tickets
      from moved m
      where m.old_assignee is not null and m.was_open
      group by m.old_assignee
    )
    update public.agent_status s
    set open_tickets = greatest(s.open_tickets - l.tickets, 0)
    from left_behind l
    where s.agent_id = l.agent_id
  $sql$;

  execute $sql$
    insert into public.agent_status as s (agent_id, open_tickets)
    select n.assignee_id, count(*)
    from old_rows o
    join new_rows n on n.id = o.id
    where n.assignee_id is not null and n.status in ('open', 'pending', 'on_hold')
      and (o.assignee_id is distinct from n.assignee_id
        or o.status not in ('open', 'pending', 'on_hold'))
    group by n.assignee_id
    on conflict (agent_id) do update set open_tickets = s.open_tickets + excluded.open_tickets
  $sql$;
  return null;
end
$$;
