-- Bulk actions on PGlite (issue 13): the history of a ticket update written once per statement.
--
-- public.log_ticket_changes ran once per updated row and inserted each history row with a statement
-- of its own, and private.record_ticket_workflow, after it, took the row's workflow entry: a bulk
-- update of 1,000 tickets ran 2,000 trigger calls and 1,000 one-row inserts (15 % of the update at
-- 100,000 tickets on PGlite, pg_stat_user_functions). One statement-level trigger now does both for
-- all the rows of an update: one insert writes every history row, then the workflow's effects
-- (automation, notify, SLA breach rows) are written ticket by ticket as before.
--
-- What is written is unchanged: the same rows with the same authors, sources and meta, for each
-- ticket in the order the row trigger wrote them (its field changes, then its workflow effects),
-- and the tickets in the order the update changed them (the transition tables keep that order).
-- Only rows of different tickets interleave differently: all the field changes of the statement
-- come before the effects. Inserts keep their row trigger: a new ticket has no history of changes,
-- only effects (routing, automation).
--
-- The function is attached twice, for statements of up to 50 rows and of more (see
-- 20261209010001): its statements join old_rows and new_rows, whose estimate is frozen at the
-- first statement of the session.
create function private.log_ticket_updates()
returns trigger
language plpgsql
security definer
set search_path = ''
set jit = off
as $$
declare
  actor uuid := auth.uid();
  at timestamptz := private.clock();
  entries jsonb := coalesce(nullif(current_setting('autocrm.workflow', true), '')::jsonb, '{}');
  ticket public.tickets;
  effect jsonb;
begin
  if not private.statement_is_mine(tg_argv[0], (select count(*) from new_rows)) then
    return null;
  end if;
  -- Taken before anything is written, as the row trigger took them: an effect that updates its
  -- ticket again starts a fresh entry for that statement.
  if entries <> '{}' then
    perform set_config('autocrm.workflow', (entries - array(select n.id::text from new_rows n))::text, true);
  end if;

  with changed as (
    select n.place, n.ticket as n, o as o,
      coalesce(entries -> (n.ticket).id::text -> 'sources', '{}') as sources
    from (select row_number() over () as place, t as ticket from new_rows t) n
    join old_rows o on o.id = (n.ticket).id
  )
  insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta)
  select (c.n).id, case when c.sources ? f.field then null else actor end, f.kind, f.body,
    f.is_internal, f.meta || coalesce(c.sources -> f.field, '{}')
  from changed c
  cross join lateral (values
    (1, (c.n).status is distinct from (c.o).status, 'status', 'status'::public.activity_kind,
      null::text, false,
      jsonb_build_object('field', 'status', 'old', (c.o).status, 'new', (c.n).status)),
    (2, (c.n).assignee_id is distinct from (c.o).assignee_id, 'assignee_id', 'assignment', null,
      true,
      jsonb_build_object('field', 'assignee_id', 'old', (c.o).assignee_id, 'new', (c.n).assignee_id)),
    (3, (c.n).team_id is distinct from (c.o).team_id, 'team_id', 'assignment', null, true,
      jsonb_build_object('field', 'team_id', 'old', (c.o).team_id, 'new', (c.n).team_id)),
    (4, (c.n).priority is distinct from (c.o).priority, 'priority', 'priority', null, true,
      jsonb_build_object('field', 'priority', 'old', (c.o).priority, 'new', (c.n).priority)),
    (5, (c.n).tags is distinct from (c.o).tags, 'tags', 'tags', null, true,
      jsonb_build_object('field', 'tags', 'old', to_jsonb((c.o).tags), 'new', to_jsonb((c.n).tags))),
    -- A rating is the customer's own: never attributed to a workflow source.
    (6, (c.n).satisfaction_rating is not null
        and (c.n).satisfaction_rating is distinct from (c.o).satisfaction_rating,
      null, 'rating', (c.n).satisfaction_comment, false,
      jsonb_build_object('field', 'satisfaction_rating', 'old', (c.o).satisfaction_rating,
        'new', (c.n).satisfaction_rating))
  ) as f (ordinal, differs, field, kind, body, is_internal, meta)
  where f.differs
  order by c.place, f.ordinal;

  -- A plain scan keeps the transition table's order; the row variable takes the row's columns
  -- (a transition table's whole row is an anonymous record, not a tickets row).
  for ticket in select n.* from new_rows n where entries ? n.id::text loop
    for effect in select e from jsonb_array_elements(entries -> ticket.id::text -> 'effects') e loop
      perform private.write_workflow_effect(ticket, effect, at);
    end loop;
  end loop;
  return null;
end
$$;

revoke execute on function private.log_ticket_updates() from public, anon, authenticated;

drop trigger tickets_log_changes on public.tickets;
drop function public.log_ticket_changes();
create trigger tickets_log_changes_few
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.log_ticket_updates('few');
create trigger tickets_log_changes_many
  after update on public.tickets
  referencing old table as old_rows new table as new_rows
  for each statement execute function private.log_ticket_updates('many');

drop trigger tickets_record_workflow on public.tickets;
create trigger tickets_record_workflow
  after insert on public.tickets
  for each row execute function private.record_ticket_workflow();
