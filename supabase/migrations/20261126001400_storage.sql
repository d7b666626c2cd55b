-- Bucket `attachments` and its policies. Objects live at `<ticket_id>/<uuid>/<file_name>`; who may
-- read one follows the attachments row that references it (and so its ticket and activity), so a
-- file on an internal note is invisible to the customer. Created here rather than in config.toml so
-- that `supabase db push` creates it on a hosted project too.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
  'attachments',
  'attachments',
  false,
  25 * 1024 * 1024,
  array[
    'image/png',
    'image/jpeg',
    'image/gif',
    'image/webp',
    'image/heic',
    'application/pdf',
    'text/plain',
    'text/csv',
    'text/markdown',
    'application/json',
    'application/zip',
    'application/msword',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.ms-excel',
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'application/vnd.ms-powerpoint',
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    'application/vnd.oasis.opendocument.text',
    'application/vnd.oasis.opendocument.spreadsheet'
  ]
)
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

-- The ticket id an object path starts with, or null when the path is not `<digits>/<x>/<y>`.
create function public.attachment_ticket_id(object_name text)
returns bigint
language sql
immutable
set search_path = ''
as $$
  select case
    when object_name ~ '^[0-9]{1,18}/[^/]+/[^/]+$' then split_part(object_name, '/', 1)::bigint
  end
$$;

create policy "attachments: read files of visible attachments, own uploads; staff read all"
  on storage.objects for select to authenticated
  using (
    bucket_id = 'attachments'
    and (
      (select public.user_role()) in ('agent', 'admin')
      or owner_id = (select auth.uid())::text
      or exists (select 1 from public.attachments a where a.object_path = name)
    )
  );

create policy "attachments: upload into tickets one can see"
  on storage.objects for insert to authenticated
  with check (
    bucket_id = 'attachments'
    and exists (
      select 1 from public.tickets t where t.id = public.attachment_ticket_id(name)
    )
  );

-- An upload that never became an attachment may be removed by its owner; attached files only by
-- an admin (history is not edited).
create policy "attachments: owners remove unattached uploads, admins remove any"
  on storage.objects for delete to authenticated
  using (
    bucket_id = 'attachments'
    and (
      (select public.user_role()) = 'admin'
      or (
        owner_id = (select auth.uid())::text
        and not exists (select 1 from public.attachments a where a.object_path = name)
      )
    )
  );
