-- The local mail catcher's messages (Inbucket/Mailpit under `supabase start`): the emails the Auth
-- API would have sent, stored inside its own transactions, and every message the SMTP listener
-- received. Read at /mail (JSON) and in the web inbox.
create schema if not exists _stack;

create table _stack.mail (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  -- `auth` (written by the Auth API) or `smtp` (received by the listener)
  source text not null,
  sender text not null default '',
  recipients text[] not null,
  subject text not null default '',
  html text,
  text text,
  -- The message's headers as received, lower-cased names to values.
  headers jsonb not null default '{}',
  size integer not null default 0,
  -- Auth emails only: what the email is for and the link and codes it carries.
  type text,
  action_link text,
  token_hash text,
  token text,
  redirect_to text
);

-- Auth emails are stored inside the Auth API's transactions, which run as supabase_auth_admin.
grant usage on schema _stack to supabase_auth_admin;
grant select, insert on _stack.mail to supabase_auth_admin;
grant usage on sequence _stack.mail_id_seq to supabase_auth_admin;
