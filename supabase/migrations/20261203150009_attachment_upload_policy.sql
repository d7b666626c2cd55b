-- The upload policy no longer reads the object's `user_metadata`: the uploader writes it, so no
-- access rule may rest on it. Who may upload follows the object's path (`<ticket_id>/<uuid>/<name>`)
-- and the tickets the caller may see. The message a file belongs to still travels in the metadata
-- (`activity_id`), but as a claim the registering trigger checks against the database: the activity
-- must be on the same ticket and written by the object's owner, whom Storage sets from the JWT.
-- A false claim fails the upload, so a customer cannot hang a file on someone else's message, and
-- an agent's file cannot pass as part of a public reply it is not.

drop policy "attachments: upload into tickets one can see, onto one's own messages" on storage.objects;

create policy "attachments: upload into tickets one can see"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'attachments'
    and exists (
      select 1 from public.tickets t where t.id = private.attachment_ticket_id(name)
    )
  );

drop function private.may_attach_to(text, jsonb);

create or replace function private.register_attachment()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  ticket bigint;
  uploader uuid;
  claimed text;
  activity bigint;
begin
  if tg_op = 'DELETE' then
    delete from public.attachments a where a.object_path = old.name;
    return null;
  end if;
  ticket := private.attachment_ticket_id(new.name);
  uploader := coalesce(new.owner_id, new.owner::text)::uuid;
  claimed := new.user_metadata ->> 'activity_id';
  if claimed is not null then
    if claimed !~ '^[0-9]{1,18}$' then
      raise exception 'activity_id must be the id of a message on ticket %', ticket
        using errcode = '22023';
    end if;
    select a.id into activity
    from public.ticket_activities a
    where a.id = claimed::bigint and a.ticket_id = ticket and a.author_id = uploader;
    if activity is null then
      raise exception 'Files can only be attached to your own messages on ticket %', ticket
        using errcode = '42501';
    end if;
  end if;
  insert into public.attachments (
    ticket_id, activity_id, uploader_id, object_path, file_name, content_type, size_bytes
  )
  values (
    ticket,
    activity,
    uploader,
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

revoke execute on function private.register_attachment() from public;
