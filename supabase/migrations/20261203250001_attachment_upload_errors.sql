-- Storage turns only a few database error codes into client errors (42501 → 403, 23503 → 404,
-- 23505 → 409); anything else is a 500. An object outside any ticket (even one the service role
-- writes) therefore fails as a missing related resource, and a malformed `activity_id` claim fails
-- like any claim that is not the uploader's own message, instead of reaching the not-null column.

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
  if ticket is null or not exists (select 1 from public.tickets t where t.id = ticket) then
    raise exception 'Attachments are stored as <ticket id>/<file id>/<file name> under an existing ticket'
      using errcode = '23503';
  end if;
  if claimed is not null then
    select a.id into activity
    from public.ticket_activities a
    where a.id = case when claimed ~ '^[0-9]{1,18}$' then claimed::bigint end
      and a.ticket_id = ticket and a.author_id = uploader;
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
