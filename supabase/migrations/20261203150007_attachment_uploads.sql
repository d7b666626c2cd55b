-- An upload into bucket `attachments` is the attachment: the row in public.attachments is written
-- by a trigger in the transaction that writes the storage object, and removed with it, so there is
-- never a row without its file or a file without its row. The message comes first: a file for a
-- reply or note carries the activity's id in its metadata (`x-metadata`: {"activity_id": 12,
-- "file_name": "Screen shot.png"}), and a file without one belongs to the ticket itself (its
-- description). Only the activity's author may attach files to it.

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

-- Every file is part of a ticket's history: only an admin removes one (and its row with it).
drop policy "attachments: owners remove unattached uploads, admins remove any" on storage.objects;

create policy "attachments: admins remove files"
  on storage.objects for delete to authenticated
  using (bucket_id = 'attachments' and (select public.user_role()) = 'admin');

drop function private.is_attached(text);

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
begin
  if tg_op = 'DELETE' then
    delete from public.attachments a where a.object_path = old.name;
    return null;
  end if;
  insert into public.attachments (
    ticket_id, activity_id, uploader_id, object_path, file_name, content_type, size_bytes
  )
  values (
    private.attachment_ticket_id(new.name),
    case when new.user_metadata ->> 'activity_id' ~ '^[0-9]{1,18}$'
      then (new.user_metadata ->> 'activity_id')::bigint end,
    coalesce(new.owner_id, new.owner::text)::uuid,
    new.name,
    left(coalesce(nullif(btrim(new.user_metadata ->> 'file_name'), ''), split_part(new.name, '/', 3)), 255),
    coalesce(nullif(new.metadata ->> 'mimetype', ''), 'application/octet-stream'),
    coalesce(
      (new.metadata ->> 'size')::bigint,
      (new.metadata ->> 'contentLength')::bigint,
      0
    )
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

revoke execute on function private.may_attach_to(text, jsonb) from public, anon;
grant execute on function private.may_attach_to(text, jsonb) to authenticated;
revoke execute on function private.register_attachment() from public;
