-- Two-factor sign-in for the customer portal's tables (20261203150003..05), held to the rule of
-- 20261203170001: links between tickets, notifications (their titles and excerpts quote tickets and
-- notes) and the email outbox (which holds the emails' text) are ticket data, so a session that owes
-- its second factor reads and writes none of them, as with tickets themselves. Email preferences are
-- settings people change, which then need the second factor when it is required; everyone still
-- reads their own. open_follow_up reads and writes tickets as its owner, past those policies, so it
-- holds the rule itself. Named after all of them, which it depends on.

do $$
declare
  ticket_data text;
begin
  foreach ticket_data in array array['ticket_links', 'notifications', 'email_outbox'] loop
    execute format(
      'create policy "two-factor sign-in where required" on public.%I
         as restrictive for all to authenticated
         using ((select private.mfa_requirement_met()))
         with check ((select private.mfa_requirement_met()))', ticket_data);
  end loop;
end
$$;

create policy "two-factor sign-in where required to add" on public.notification_preferences
  as restrictive for insert to authenticated
  with check ((select private.mfa_requirement_met()));
create policy "two-factor sign-in where required to change" on public.notification_preferences
  as restrictive for update to authenticated
  using ((select private.mfa_requirement_met()))
  with check ((select private.mfa_requirement_met()));
create policy "two-factor sign-in where required to remove" on public.notification_preferences
  as restrictive for delete to authenticated
  using ((select private.mfa_requirement_met()));

-- A follow-up copies the original's triage as the function's owner.
create or replace function private.open_follow_up(original_id bigint, subject text, description text)
returns bigint
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
declare
  caller uuid := auth.uid();
  caller_role public.user_role := public.user_role();
  original public.tickets;
  assignee uuid;
  created bigint;
begin
  if caller is null or caller_role is null then
    raise exception 'Sign in to open a follow-up.' using errcode = '42501';
  end if;
  if not private.mfa_requirement_met() then
    raise exception 'Sign in with your authenticator app first.' using errcode = '42501';
  end if;
  select * into original from public.tickets t where t.id = original_id;
  if not found or (caller_role = 'client' and original.customer_id <> caller) then
    raise exception 'There is no ticket #% of yours to follow up on.', original_id
      using errcode = 'P0002';
  end if;
  if original.status not in ('solved', 'closed') then
    raise exception 'Ticket #% is still open: reply on it instead of opening a follow-up.', original_id
      using errcode = 'P0001';
  end if;
  subject := btrim(coalesce(subject, ''));
  description := btrim(coalesce(description, ''));
  if subject = '' or char_length(subject) > 200 then
    raise exception 'Give the follow-up a subject of up to 200 characters.' using errcode = 'P0001';
  end if;
  if description = '' or char_length(description) > 20000 then
    raise exception 'Describe what you need, in up to 20,000 characters.' using errcode = 'P0001';
  end if;

  select p.id into assignee
  from public.profiles p
  where p.id = original.assignee_id and p.role in ('agent', 'admin');

  insert into public.tickets (subject, description, customer_id, assignee_id, team_id, type_id)
  values (subject, description, original.customer_id, assignee, original.team_id, original.type_id)
  returning id into created;

  insert into public.ticket_links (kind, source_ticket_id, target_ticket_id, created_by)
  values ('follow_up', original.id, created, caller);

  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
  values
    (original.id, caller, 'system', false,
      jsonb_build_object('event', 'follow_up_opened', 'ticket_id', created)),
    (created, caller, 'system', false,
      jsonb_build_object('event', 'follow_up_of', 'ticket_id', original.id));
  return created;
end
$$;
