-- In-app notification preferences, beside the email ones (20261203150005): each person may mute
-- kinds of bell notification from their profile page. private.notify honours them in the event's
-- own transaction, so whichever client causes the event, a muted kind is never written. What an
-- automation rule sends is the rule's author's call, so it cannot be muted.

alter table public.notification_preferences
  add column muted_kinds public.notification_kind[] not null default '{}',
  add constraint notification_preferences_muted_kinds_check check (
    not ('automation' = any (muted_kinds)) and cardinality(muted_kinds) <= 10
  );

grant select (muted_kinds), update (muted_kinds)
  on table public.notification_preferences to authenticated;

create or replace function private.notify(
  recipient uuid,
  kind public.notification_kind,
  ticket_id bigint,
  activity_id bigint,
  actor uuid,
  title text,
  body text default ''
)
returns void
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
begin
  if recipient is null or recipient is not distinct from actor then
    return;
  end if;
  if not exists (select 1 from public.profiles p where p.id = recipient) then
    return;
  end if;
  if exists (
    select 1 from public.notification_preferences p
    where p.user_id = recipient and kind = any (p.muted_kinds)
  ) then
    return;
  end if;
  if exists (
    select 1 from public.notifications n
    where n.recipient_id = recipient and n.kind = kind
      and n.ticket_id is not distinct from ticket_id and n.created_at = now()
  ) then
    return;
  end if;
  insert into public.notifications (recipient_id, kind, ticket_id, activity_id, actor_id, title, body)
  values (recipient, kind, ticket_id, activity_id, actor, left(title, 300), left(coalesce(body, ''), 300));
end
$$;

revoke execute on function private.notify(uuid, public.notification_kind, bigint, bigint, uuid, text, text)
  from public;
