-- What the admin settings pages need from the database: the workspace's name and support address
-- beside the two-factor switch (audited like every other setting), and tag management (rename,
-- merge, delete) done in one transaction over every ticket that carries the tag, audited.

-- General settings ---------------------------------------------------------------------------------

alter table public.app_settings
  add column business_name text not null default 'AutoCRM'
    constraint app_settings_business_name_check
    check (btrim(business_name) = business_name and business_name <> '' and char_length(business_name) <= 100),
  add column support_email text not null default ''
    constraint app_settings_support_email_check
    check (support_email = '' or (char_length(support_email) <= 254
      and support_email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'));

comment on column public.app_settings.business_name is
  'The name customers see in the portal and in emails.';
comment on column public.app_settings.support_email is
  'The address customers write to and replies come from; empty until an admin sets it.';

-- Who changed the settings is in the audit log already; `updated_by` would only repeat it.
create or replace function private.changed_columns(old_row jsonb, new_row jsonb)
returns text[]
language sql
immutable
set search_path = ''
as $$
  select coalesce(array_agg(key order by key), '{}')
  from jsonb_each(new_row) n(key, value)
  where key not in ('updated_at', 'updated_by', 'last_routed_turn', 'last_routed_at', 'usage_count')
    and n.value is distinct from old_row -> key
$$;

create trigger app_settings_audit
  after update on public.app_settings
  for each row execute function private.audit_change('settings');

-- Tags ---------------------------------------------------------------------------------------------

-- Every catalogued tag with the number of tickets carrying it, for the tags page. Runs as the caller,
-- so the counts are of the tickets they may see.
create function public.tag_usage()
returns table (name text, tickets bigint, created_at timestamptz)
language sql
stable
set search_path = ''
as $$
  select t.name, (select count(*) from public.tickets k where k.tags @> array[t.name]), t.created_at
  from public.tags t
  order by t.name
$$;

revoke execute on function public.tag_usage() from public, anon;
grant execute on function public.tag_usage() to authenticated;

-- Renames `tag` to `into_tag` on every ticket and in the catalogue. With `merge`, `into_tag` must
-- already exist and the two become one (a ticket carrying both keeps one); without it, `into_tag`
-- must be new. `into_tag` null deletes the tag from every ticket and the catalogue.
create function private.change_tag(tag text, into_tag text, merge boolean)
returns integer
language plpgsql
security definer
set search_path = ''
as $$
declare
  changed integer;
  target text := btrim(into_tag);
begin
  perform private.require_admin('manage tags');
  if not exists (select 1 from public.tags t where t.name = tag) then
    raise exception 'There is no tag "%"', tag using errcode = 'P0002';
  end if;
  if into_tag is not null then
    if target = '' or char_length(target) > 50 then
      raise exception 'A tag needs 1 to 50 characters' using errcode = '22023';
    end if;
    if target = tag then
      raise exception 'The new name is the same as the old one' using errcode = '22023';
    end if;
    if merge and not exists (select 1 from public.tags t where t.name = target) then
      raise exception 'There is no tag "%" to merge into', target using errcode = 'P0002';
    end if;
    if not merge and exists (select 1 from public.tags t where t.name = target) then
      raise exception 'A tag named "%" already exists', target
        using errcode = '23514', hint = 'Merge the two tags instead.';
    end if;
  end if;

  update public.tickets k
  set tags = array(
    select x.name
    from (
      select case when t = tag then target else t end as name, n
      from unnest(k.tags) with ordinality as u(t, n)
    ) x
    where x.name is not null
    group by x.name
    order by min(x.n)
  )
  where k.tags @> array[tag];
  get diagnostics changed = row_count;

  delete from public.tags t where t.name = tag;
  if target is not null and not merge then
    insert into public.tags (name) values (target) on conflict do nothing;
  end if;

  perform private.write_audit(
    case when target is null then 'tag.deleted' when merge then 'tag.merged' else 'tag.renamed' end,
    'tags', tag, tag,
    jsonb_build_object('name', tag),
    case when target is null then null else jsonb_build_object('name', target, 'tickets', changed) end
  );
  return changed;
end
$$;

revoke execute on function private.change_tag(text, text, boolean) from public, anon;
grant execute on function private.change_tag(text, text, boolean) to authenticated;

create function public.rename_tag(tag text, new_name text)
returns integer
language sql
volatile
set search_path = ''
as $$
  select private.change_tag(tag, new_name, false)
$$;

create function public.merge_tag(tag text, into_tag text)
returns integer
language sql
volatile
set search_path = ''
as $$
  select private.change_tag(tag, into_tag, true)
$$;

create function public.delete_tag(tag text)
returns integer
language sql
volatile
set search_path = ''
as $$
  select private.change_tag(tag, null, false)
$$;

revoke execute on function public.rename_tag(text, text) from public, anon;
revoke execute on function public.merge_tag(text, text) from public, anon;
revoke execute on function public.delete_tag(text) from public, anon;
grant execute on function public.rename_tag(text, text) to authenticated;
grant execute on function public.merge_tag(text, text) to authenticated;
grant execute on function public.delete_tag(text) to authenticated;
