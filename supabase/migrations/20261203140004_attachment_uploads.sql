-- An upload into bucket `attachments` is the attachment: its row in public.attachments is written by
-- a trigger in the transaction that writes the storage object, and removed with it, so there is
-- never a row without its file or a file without its row. What the file belongs to comes with the
-- upload, in the object's user metadata (`x-metadata` / supabase-js `metadata`):
--   {"draft": true}      a file added to a message still being written (the agent's composer): seen
--                        by its uploader alone, removable by them, until post_message attaches it;
--   {"activity_id": 12}  a file for a message already written, by the message's author;
--   neither              a file of the ticket itself (its description), as the customer files it.
-- `file_name` in the metadata keeps the name as the person chose it (the path holds a safe one).
-- This is the design of the customer portal's uploads (branch i15) plus drafts.

alter table public.attachments add column draft boolean not null default false;

alter table public.attachments add constraint attachments_draft_unattached_check
  check (not draft or activity_id is null);

-- Whether `metadata` names no activity, or one the caller wrote on the ticket `object_name` is in.
create function private.may_attach_to(object_name text, metadata jsonb)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select case
    when metadata is null or metadata ->> 'activity_id' is null then true
    when (metadata ->> 'activity_id') !~ '^[0-9]{1,18}$' then false
    else exists (
      select 1 from public.ticket_activities a
      where a.id = (metadata ->> 'activity_id')::bigint
        and a.ticket_id = private.attachment_ticket_id(object_name)
        and a.author_id = auth.uid()
    )
  end
$$;

-- Whether the object at `object_name` is a draft upload (not yet part of any message).
create function private.is_draft_upload(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (select 1 from public.attachments a where a.object_path = object_name and a.draft)
$$;

revoke execute on function private.may_attach_to(text, jsonb) from public, anon;
revoke execute on function private.is_draft_upload(text) from public, anon;
grant execute on function private.may_attach_to(text, jsonb) to authenticated;
grant execute on function private.is_draft_upload(text) to authenticated;

drop policy "attachments: upload into tickets one can see" on storage.objects;

create policy "attachments: upload into tickets one can see, onto one's own messages"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'attachments'
    and exists (
      select 1 from public.tickets t where t.id = private.attachment_ticket_id(name)
    )
    and private.may_attach_to(name, user_metadata)
  );

-- Files are part of a ticket's history: only an admin removes one (and its row with it), except a
-- draft, which its uploader may take back before sending.
drop policy "attachments: owners remove unattached uploads, admins remove any" on storage.objects;

create policy "attachments: uploaders remove their drafts, admins remove any"
  on storage.objects for delete to authenticated
  using (
    bucket_id = 'attachments'
    and (
      (select public.user_role()) = 'admin'
      or (owner_id = (select auth.uid())::text and private.is_draft_upload(name))
    )
  );

drop function private.is_attached(text);

-- A customer reads the files of their ticket that are on no message or on a public one, never a
-- draft; staff read every file that is not someone else's draft.
create or replace function private.can_read_attachment(object_name text)
returns boolean
language sql
stable
security definer
set search_path = ''
as $$
  select exists (
    select 1
    from public.attachments a
    join public.tickets t on t.id = a.ticket_id
    left join public.ticket_activities act on act.id = a.activity_id
    where a.object_path = object_name
      and not a.draft
      and (
        public.user_role() in ('agent', 'admin')
        or (t.customer_id = auth.uid() and (a.activity_id is null or not act.is_internal))
      )
  )
$$;

drop policy "attachments follow their ticket and activity" on public.attachments;

create policy "attachments follow their ticket and activity; drafts their uploader"
  on public.attachments for select to authenticated
  using (
    case
      when draft then uploader_id = (select auth.uid())
      else (select public.user_role()) in ('agent', 'admin')
        or (
          exists (
            select 1 from public.tickets t
            where t.id = ticket_id and t.customer_id = (select auth.uid())
          )
          and (
            activity_id is null
            or exists (
              select 1 from public.ticket_activities a
              where a.id = activity_id and not a.is_internal
            )
          )
        )
    end
  );

-- Rows come from uploads only.
drop policy "people attach their own uploads to tickets they can see" on public.attachments;
drop policy "admins delete attachments" on public.attachments;
revoke insert, delete on table public.attachments from anon, authenticated, service_role;

create function private.register_attachment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  activity bigint;
begin
  if tg_op = 'DELETE' then
    delete from public.attachments a where a.object_path = old.name;
    return null;
  end if;
  activity := case when new.user_metadata ->> 'activity_id' ~ '^[0-9]{1,18}$'
    then (new.user_metadata ->> 'activity_id')::bigint end;
  insert into public.attachments (
    ticket_id, activity_id, uploader_id, object_path, file_name, content_type, size_bytes, draft
  )
  values (
    private.attachment_ticket_id(new.name),
    activity,
    coalesce(new.owner_id, new.owner::text)::uuid,
    new.name,
    left(coalesce(nullif(btrim(new.user_metadata ->> 'file_name'), ''), split_part(new.name, '/', 3)), 255),
    coalesce(nullif(new.metadata ->> 'mimetype', ''), 'application/octet-stream'),
    coalesce((new.metadata ->> 'size')::bigint, (new.metadata ->> 'contentLength')::bigint, 0),
    activity is null and coalesce(new.user_metadata -> 'draft' = 'true', false)
  )
  on conflict (object_path) do update set
    content_type = excluded.content_type,
    size_bytes = excluded.size_bytes;
  return null;
end
$$;

create trigger attachments_register_upload
  after insert on storage.objects
  for each row
  when (new.bucket_id = 'attachments')
  execute function private.register_attachment();

create trigger attachments_register_removal
  after delete on storage.objects
  for each row
  when (old.bucket_id = 'attachments')
  execute function private.register_attachment();

revoke execute on function private.register_attachment() from public;

-- Posting a message ------------------------------------------------------------------------------

-- Attaches the caller's draft uploads on the activity's ticket to it, all or none.
create function private.attach_drafts(activity_id bigint, ticket_id bigint, attachment_ids uuid[])
returns void
language plpgsql
volatile
security definer
set search_path = ''
as $$
declare
  attached integer;
begin
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

revoke execute on function private.attach_drafts(bigint, bigint, uuid[]) from public;
grant execute on function private.attach_drafts(bigint, bigint, uuid[]) to authenticated;

-- Posts a reply or an internal note as the caller (RLS decides, as for a plain insert) with the
-- draft files it carries, and optionally sets the ticket's status, in one transaction: the message,
-- its files and the status change happen together or not at all. Returns the new activity's id and
-- and, for a customer's reply to a closed ticket, the ticket the conversation continues on. Refusals are
-- P0001 with a reason for people.
create function public.post_message(
  ticket_id bigint,
  kind public.activity_kind,
  body text,
  attachment_ids uuid[] default '{}',
  new_status public.ticket_status default null
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
#variable_conflict use_column
declare
  created public.ticket_activities;
  files uuid[] := coalesce(post_message.attachment_ids, '{}');
  continued_on bigint;
begin
  if post_message.kind not in ('reply', 'note') then
    raise exception 'A message is a reply or a note.' using errcode = 'P0001';
  end if;
  if btrim(coalesce(post_message.body, '')) = '' then
    raise exception 'Write something first.' using errcode = 'P0001';
  end if;
  if char_length(post_message.body) > 20000 then
    raise exception 'Keep a message to 20,000 characters (this one has %).',
      char_length(post_message.body)
      using errcode = 'P0001';
  end if;
  if cardinality(files) > 10 then
    raise exception 'Attach at most 10 files to one message (you chose %).', cardinality(files)
      using errcode = 'P0001';
  end if;

  insert into public.ticket_activities (ticket_id, author_id, kind, is_internal, body)
  values (post_message.ticket_id, auth.uid(), post_message.kind, post_message.kind = 'note',
    post_message.body)
  returning * into created;

  if cardinality(files) > 0 then
    perform private.attach_drafts(created.id, created.ticket_id, files);
  end if;

  if post_message.new_status is not null then
    update public.tickets t set status = post_message.new_status where t.id = created.ticket_id;
  end if;

  -- A reply to a closed ticket continues on a follow-up, or on the ticket it was merged into.
  if post_message.kind = 'reply'
    and exists (select 1 from public.tickets t where t.id = created.ticket_id and t.status = 'closed') then
    select coalesce(
      (select l.target_ticket_id from public.ticket_links l
       where l.kind = 'follow_up' and l.source_ticket_id = created.ticket_id and l.created_at = now()
       order by l.id desc limit 1),
      (select a.ticket_id from public.ticket_links l
       join public.ticket_activities a on a.ticket_id = l.target_ticket_id
       where l.kind = 'merge' and l.source_ticket_id = created.ticket_id
         and a.meta -> 'copied_from' ->> 'activity_id' = created.id::text
       limit 1))
    into continued_on;
  end if;

  return jsonb_build_object('activity_id', created.id, 'ticket_id', created.ticket_id,
    'continued_on', continued_on);
end
$$;

revoke execute on function public.post_message(bigint, public.activity_kind, text, uuid[], public.ticket_status)
  from public, anon;
grant execute on function public.post_message(bigint, public.activity_kind, text, uuid[], public.ticket_status)
  to authenticated;
