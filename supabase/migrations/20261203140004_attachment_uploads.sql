-- Files added to a message still being written. The customer portal's migration makes every upload
-- into bucket `attachments` its own row in public.attachments (written by a trigger on
-- storage.objects, removed with the object); this one adds drafts on top, whichever runs first: an
-- upload whose metadata says {"draft": true} is seen by its uploader alone and removable by them,
-- until post_message() puts it on the message it was written for. So an agent's composer uploads
-- with a progress bar before sending, and nothing a customer may see exists before the message does.

alter table public.attachments add column draft boolean not null default false;

alter table public.attachments add constraint attachments_draft_unattached_check
  check (not draft or activity_id is null);

-- A row written for an upload is a draft when the upload said so and names no message.
create function private.mark_draft_attachment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  new.draft := new.activity_id is null and exists (
    select 1 from storage.objects o
    where o.bucket_id = 'attachments' and o.name = new.object_path
      and o.user_metadata -> 'draft' = 'true'::jsonb
  );
  return new;
end
$$;

create trigger attachments_mark_draft
  before insert on public.attachments
  for each row execute function private.mark_draft_attachment();

revoke execute on function private.mark_draft_attachment() from public;

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

revoke execute on function private.is_draft_upload(text) from public, anon;
grant execute on function private.is_draft_upload(text) to authenticated;

-- Beside the rule that only admins remove files: a draft may be taken back by its uploader.
create policy "attachments: uploaders remove their drafts"
  on storage.objects for delete to authenticated
  using (
    bucket_id = 'attachments'
    and owner_id = (select auth.uid())::text
    and private.is_draft_upload(name)
  );

-- A customer reads the files of their ticket that are on no message or on a public one, never a
-- draft; staff read every file that is not a draft.
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
-- its files and the status change happen together or not at all. Returns the new activity's id.
-- Refusals are P0001 with a reason for people.
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

  return jsonb_build_object('activity_id', created.id, 'ticket_id', created.ticket_id);
end
$$;

revoke execute on function public.post_message(bigint, public.activity_kind, text, uuid[], public.ticket_status)
  from public, anon;
grant execute on function public.post_message(bigint, public.activity_kind, text, uuid[], public.ticket_status)
  to authenticated;
