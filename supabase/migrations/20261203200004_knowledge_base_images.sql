-- Bucket `kb`: images in knowledge base articles. Public, because the articles they sit in are read
-- by anyone (public objects are served without a policy); only staff upload, replace and remove
-- them, with the second factor where it is required.

insert into storage.buckets (id, name, public, file_size_limit, allowed_mime_types)
values (
  'kb',
  'kb',
  true,
  5 * 1024 * 1024,
  array['image/png', 'image/jpeg', 'image/gif', 'image/webp']
)
on conflict (id) do update set
  public = excluded.public,
  file_size_limit = excluded.file_size_limit,
  allowed_mime_types = excluded.allowed_mime_types;

create policy "kb: staff read article images"
  on storage.objects for select to authenticated
  using (bucket_id = 'kb' and (select public.user_role()) in ('agent', 'admin'));

create policy "kb: staff upload article images"
  on storage.objects for insert to authenticated
  with check (bucket_id = 'kb' and (select public.user_role()) in ('agent', 'admin'));

create policy "kb: staff replace article images"
  on storage.objects for update to authenticated
  using (bucket_id = 'kb' and (select public.user_role()) in ('agent', 'admin'))
  with check (bucket_id = 'kb' and (select public.user_role()) in ('agent', 'admin'));

create policy "kb: staff remove article images"
  on storage.objects for delete to authenticated
  using (bucket_id = 'kb' and (select public.user_role()) in ('agent', 'admin'));

create policy "kb: two-factor sign-in where required"
  on storage.objects as restrictive for all to authenticated
  using (bucket_id <> 'kb' or (select private.mfa_requirement_met()))
  with check (bucket_id <> 'kb' or (select private.mfa_requirement_met()));
