-- Invitations store the address as the Auth server does (trimmed, lower case), whatever case an
-- admin typed it in, so the invited account's address matches it.

create function public.normalize_invitation_email()
returns trigger
language plpgsql
set search_path = ''
as $$
begin
  new.email := lower(btrim(new.email));
  return new;
end
$$;

create trigger invitations_normalize_email
  before insert or update of email on public.invitations
  for each row execute function public.normalize_invitation_email();
