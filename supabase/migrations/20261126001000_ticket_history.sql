-- History written by the database, so no code path can forget it: one ticket_activities row per
-- change of status, assignee, team, priority, tags and rating, with the old and new values in
-- `meta` ({"field", "old", "new"}) and the caller (auth.uid()) as author. Status changes and
-- ratings are public (the customer sees them); triage (assignment, priority, tags) is internal.
-- A reply or note bumps its ticket's updated_at (queues sort by it); the first public reply by an
-- agent or admin sets first_response_at; a customer's reply reopens a pending or solved ticket.

create function public.log_ticket_changes()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  actor uuid := auth.uid();
begin
  if new.status is distinct from old.status then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, actor, 'status', false,
      jsonb_build_object('field', 'status', 'old', old.status, 'new', new.status));
  end if;
  if new.assignee_id is distinct from old.assignee_id then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, actor, 'assignment', true,
      jsonb_build_object('field', 'assignee_id', 'old', old.assignee_id, 'new', new.assignee_id));
  end if;
  if new.team_id is distinct from old.team_id then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, actor, 'assignment', true,
      jsonb_build_object('field', 'team_id', 'old', old.team_id, 'new', new.team_id));
  end if;
  if new.priority is distinct from old.priority then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, actor, 'priority', true,
      jsonb_build_object('field', 'priority', 'old', old.priority, 'new', new.priority));
  end if;
  if new.tags is distinct from old.tags then
    insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
    values (new.id, actor, 'tags', true,
      jsonb_build_object('field', 'tags', 'old', to_jsonb(old.tags), 'new', to_jsonb(new.tags)));
  end if;
  if new.satisfaction_rating is not null
    and new.satisfaction_rating is distinct from old.satisfaction_rating then
    insert into public.ticket_activities (ticket_id, author_id, kind, body, is_internal, meta)
    values (new.id, actor, 'rating', new.satisfaction_comment, false,
      jsonb_build_object(
        'field', 'satisfaction_rating',
        'old', old.satisfaction_rating,
        'new', new.satisfaction_rating
      ));
  end if;
  return null;
end
$$;

create trigger tickets_log_changes
  after update on public.tickets
  for each row execute function public.log_ticket_changes();

create function public.handle_ticket_message()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.tickets t
  set
    updated_at = now(),
    first_response_at = case
      when t.first_response_at is null
        and new.kind = 'reply'
        and exists (
          select 1 from public.profiles p
          where p.id = new.author_id and p.role in ('agent', 'admin')
        )
      then new.created_at
      else t.first_response_at
    end,
    status = case
      when new.kind = 'reply' and new.author_id = t.customer_id and t.status in ('pending', 'solved')
      then 'open'
      else t.status
    end
  where t.id = new.ticket_id;
  return null;
end
$$;

create trigger ticket_activities_handle_message
  after insert on public.ticket_activities
  for each row
  when (new.kind in ('reply', 'note'))
  execute function public.handle_ticket_message();

revoke execute on function public.log_ticket_changes() from public, anon, authenticated;
revoke execute on function public.handle_ticket_message() from public, anon, authenticated;
