-- The Auth API's local mailbox: the emails it would have sent, readable at /mail.
create schema if not exists _stack;

create table _stack.auth_mail (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  recipient text not null,
  type text not null,
  subject text not null,
  html text not null,
  action_link text,
  token_hash text,
  token text,
  redirect_to text
);

-- Emails are stored inside the Auth API's transactions, which run as supabase_auth_admin.
grant usage on schema _stack to supabase_auth_admin;
grant select, insert on _stack.auth_mail to supabase_auth_admin;
