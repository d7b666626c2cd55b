-- Every auth user gets a profile. Its role is `client` unless the Auth server invited the account
-- (admin API: invite or generate_link), in which case the newest pending, unexpired invitation for
-- that email decides it, and is marked used so it can never be applied twice. The invitation is
-- honoured only for invited accounts: with email confirmations off, anyone could otherwise sign up
-- first with an invited address and take the invited role. Nothing is read from
-- raw_user_meta_data or raw_app_meta_data except a display name.

create function public.handle_new_user()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
declare
  invitation public.invitations;
begin
  if tg_op = 'INSERT' then
    insert into public.profiles (id, email, full_name)
    values (
      new.id,
      coalesce(lower(new.email), ''),
      left(
        coalesce(
          nullif(btrim(new.raw_user_meta_data ->> 'full_name'), ''),
          nullif(btrim(new.raw_user_meta_data ->> 'name'), ''),
          split_part(coalesce(new.email, ''), '@', 1)
        ),
        200
      )
    );
  end if;

  if new.invited_at is null then
    return new;
  end if;
  select * into invitation
  from public.invitations i
  where i.email = lower(new.email) and i.accepted_at is null and i.expires_at > now()
  order by i.created_at desc
  limit 1
  for update;
  if found then
    update public.profiles
    set role = invitation.role, team_id = coalesce(invitation.team_id, team_id)
    where id = new.id;
    update public.invitations
    set accepted_at = now(), user_id = new.id
    where id = invitation.id;
  end if;
  return new;
end
$$;

create function public.handle_user_email_change()
returns trigger
language plpgsql
security definer
set search_path = ''
as $$
begin
  update public.profiles set email = coalesce(lower(new.email), '') where id = new.id;
  return new;
end
$$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute function public.handle_new_user();

-- GoTrue inserts an invited user first and sets invited_at in a second statement.
create trigger on_auth_user_invited
  after update of invited_at on auth.users
  for each row
  when (new.invited_at is not null and new.invited_at is distinct from old.invited_at)
  execute function public.handle_new_user();

create trigger on_auth_user_email_changed
  after update of email on auth.users
  for each row
  when (new.email is distinct from old.email)
  execute function public.handle_user_email_change();

-- They run as their owner from triggers; nobody calls them through the API.
revoke execute on function public.handle_new_user() from public, anon, authenticated;
revoke execute on function public.handle_user_email_change() from public, anon, authenticated;
