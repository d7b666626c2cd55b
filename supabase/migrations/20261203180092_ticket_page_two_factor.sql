-- Two-factor sign-in for the ticket page (20261203140001..04), held to the rule of 20261203170001
-- and 20261203180090: custom ticket fields, the tag catalogue and macros are workspace settings
-- staff change, so adding, changing and removing them needs the second factor when it is required;
-- everyone who may read them still does. post_message, preview_macro and apply_macro run as the
-- caller, so the restrictive policies on tickets and their history already refuse them; the
-- security definer helpers below look past those policies, so they hold the same rule themselves.
-- Named after those migrations, which it depends on, rather than with this branch's own prefix,
-- which sorts before them.

do $$
declare
  settings text;
begin
  foreach settings in array array['ticket_fields', 'tags', 'macros'] loop
    execute format(
      'create policy "two-factor sign-in where required to add" on public.%I
         as restrictive for insert to authenticated
         with check ((select private.mfa_requirement_met()))', settings);
    execute format(
      'create policy "two-factor sign-in where required to change" on public.%I
         as restrictive for update to authenticated
         using ((select private.mfa_requirement_met()))
         with check ((select private.mfa_requirement_met()))', settings);
    execute format(
      'create policy "two-factor sign-in where required to remove" on public.%I
         as restrictive for delete to authenticated
         using ((select private.mfa_requirement_met()))', settings);
  end loop;
end
$$;

-- Merging reads and closes tickets as the function's owner.
create or replace function private.merge_ticket(source_id bigint, target_id bigint)
returns jsonb
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  source public.tickets;
  target public.tickets;
begin
  if public.user_role() is distinct from 'agent' and public.user_role() is distinct from 'admin' then
    raise exception 'Only agents merge tickets.' using errcode = '42501';
  end if;
  if not private.mfa_requirement_met() then
    raise exception 'Sign in with your authenticator app first.' using errcode = '42501';
  end if;
  if source_id = target_id then
    raise exception 'A ticket cannot be merged into itself.' using errcode = 'P0001';
  end if;
  -- Both rows locked in id order, so two merges of the same pair cannot deadlock.
  perform 1 from public.tickets t where t.id in (source_id, target_id) order by t.id for update;
  select * into source from public.tickets t where t.id = source_id;
  if not found then
    raise exception 'There is no ticket #%.', source_id using errcode = 'P0002';
  end if;
  select * into target from public.tickets t where t.id = target_id;
  if not found then
    raise exception 'There is no ticket #%.', target_id using errcode = 'P0002';
  end if;
  if source.customer_id <> target.customer_id then
    raise exception 'Ticket #% belongs to another customer; only tickets of the same customer can be merged.',
      target_id
      using errcode = 'P0001';
  end if;
  if exists (select 1 from public.ticket_links l where l.kind = 'merge' and l.source_ticket_id = source_id) then
    raise exception 'Ticket #% was already merged into another ticket.', source_id using errcode = 'P0001';
  end if;
  if exists (select 1 from public.ticket_links l where l.kind = 'merge' and l.source_ticket_id = target_id) then
    raise exception 'Ticket #% was merged into another ticket; merge into that one instead.', target_id
      using errcode = 'P0001';
  end if;
  if target.status = 'closed' then
    raise exception 'Ticket #% is closed; merge into a ticket that is still being worked on.', target_id
      using errcode = 'P0001';
  end if;

  insert into public.ticket_links (kind, source_ticket_id, target_ticket_id, created_by)
  values ('merge', source_id, target_id, auth.uid());
  perform private.record_ticket_event(source_id, 'merged_into',
    jsonb_build_object('ticket_id', target_id, 'subject', target.subject), true);
  perform private.record_ticket_event(target_id, 'merged_from',
    jsonb_build_object('ticket_id', source_id, 'subject', source.subject), true);
  -- Closed as the agent (the history names them); the target's updated_at moves it up the queues.
  update public.tickets t set status = 'closed' where t.id = source_id and t.status <> 'closed';
  update public.tickets t set updated_at = now() where t.id = target_id;
  return jsonb_build_object('source_id', source_id, 'target_id', target_id);
end
$$;

-- Attaching draft files and recording a macro's use write ticket data as the function's owner.
create or replace function private.attach_drafts(activity_id bigint, ticket_id bigint, attachment_ids uuid[])
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  attached integer;
begin
  if not private.mfa_requirement_met() then
    raise exception 'Sign in with your authenticator app first.' using errcode = '42501';
  end if;
  update public.attachments a
  set activity_id = attach_drafts.activity_id, draft = false
  where a.id = any(attachment_ids)
    and a.draft
    and a.uploader_id = auth.uid()
    and a.ticket_id = attach_drafts.ticket_id;
  get diagnostics attached = row_count;
  if attached <> (select count(distinct x) from unnest(attachment_ids) x) then
    raise exception 'Some of the files are no longer there; attach them again.' using errcode = 'P0001';
  end if;
end
$$;

create or replace function private.record_macro_use(macro public.macros, ticket_id bigint, changes jsonb)
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
begin
  if not private.mfa_requirement_met() then
    raise exception 'Sign in with your authenticator app first.' using errcode = '42501';
  end if;
  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, meta)
  values (ticket_id, auth.uid(), 'system', true, jsonb_build_object(
    'event', 'macro', 'macro', jsonb_build_object('id', macro.id, 'name', macro.name),
    'changes', changes));
  update public.macros m set usage_count = m.usage_count + 1 where m.id = macro.id;
end
$$;
