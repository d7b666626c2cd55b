-- The admin's directory also names each person's profile picture (profiles.avatar_path, in the
-- public `avatars` bucket), so the People list shows their avatar as the ticket page does. A new
-- result column means dropping and creating both functions; otherwise as in
-- 20261203190004_admin_two_factor.sql (private) and 20261203190002_people_admin.sql (public).

drop function public.admin_people(text, public.user_role, text, uuid, integer, integer, uuid);
drop function private.admin_people(text, public.user_role, text, uuid, integer, integer, uuid);

create function private.admin_people(
  search text default null,
  role_filter public.user_role default null,
  status_filter text default null,
  team_filter uuid default null,
  page_size integer default 25,
  page_offset integer default 0,
  person uuid default null
)
returns table (
  id uuid,
  email text,
  full_name text,
  role public.user_role,
  team_id uuid,
  team_name text,
  status text,
  last_sign_in_at timestamptz,
  invited_at timestamptz,
  invitation_expires_at timestamptz,
  deactivated_at timestamptz,
  created_at timestamptz,
  avatar_path text,
  total bigint
)
language plpgsql
stable
security definer
set search_path = ''
as $$
declare
  pattern text := '%' || replace(replace(replace(btrim(coalesce(search, '')), '\', '\\'), '%', '\%'), '_', '\_') || '%';
begin
  perform private.require_admin('list people');
  if status_filter is not null and status_filter not in ('active', 'invited', 'deactivated') then
    raise exception 'Status must be active, invited or deactivated'
      using errcode = '22023';
  end if;
  if page_size not between 1 and 200 or page_offset < 0 then
    raise exception 'Page size must be 1 to 200 and the offset not negative'
      using errcode = '22023';
  end if;
  return query
  with people as (
    select
      p.id, p.email, p.full_name, p.role, p.team_id, t.name as team_name,
      case
        when p.deactivated_at is not null then 'deactivated'
        when u.invited_at is not null and u.last_sign_in_at is null then 'invited'
        else 'active'
      end as status,
      u.last_sign_in_at, u.invited_at,
      (select max(i.expires_at) from public.invitations i where i.user_id = p.id) as invitation_expires_at,
      p.deactivated_at, p.created_at, p.avatar_path
    from public.profiles p
    left join auth.users u on u.id = p.id
    left join public.teams t on t.id = p.team_id
    where (search is null or btrim(search) = ''
        or p.email ilike pattern or p.full_name ilike pattern)
      and (person is null or p.id = person)
      and (role_filter is null or p.role = role_filter)
      and (team_filter is null or p.team_id = team_filter
        or exists (select 1 from public.team_members m where m.agent_id = p.id and m.team_id = team_filter))
  )
  select people.*, count(*) over () as total
  from people
  where status_filter is null or people.status = status_filter
  order by lower(people.full_name), people.email
  limit page_size offset page_offset;
end
$$;

revoke execute on function private.admin_people(text, public.user_role, text, uuid, integer, integer, uuid)
  from public, anon;
grant execute on function private.admin_people(text, public.user_role, text, uuid, integer, integer, uuid)
  to authenticated;

create function public.admin_people(
  search text default null,
  role_filter public.user_role default null,
  status_filter text default null,
  team_filter uuid default null,
  page_size integer default 25,
  page_offset integer default 0,
  person uuid default null
)
returns table (
  id uuid,
  email text,
  full_name text,
  role public.user_role,
  team_id uuid,
  team_name text,
  status text,
  last_sign_in_at timestamptz,
  invited_at timestamptz,
  invitation_expires_at timestamptz,
  deactivated_at timestamptz,
  created_at timestamptz,
  avatar_path text,
  total bigint
)
language sql
stable
set search_path = ''
as $$
  select * from private.admin_people(search, role_filter, status_filter, team_filter, page_size,
    page_offset, person)
$$;
