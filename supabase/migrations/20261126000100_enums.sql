-- The helpdesk's vocabularies. Enums, so that a typo is an error rather than a new state.

create type public.user_role as enum ('client', 'agent', 'admin');

create type public.ticket_status as enum ('open', 'pending', 'on_hold', 'solved', 'closed');

create type public.ticket_priority as enum ('low', 'normal', 'high', 'urgent');

-- reply and note are written by people; the other kinds are written by triggers when a ticket changes.
create type public.activity_kind as enum (
  'reply',
  'note',
  'status',
  'assignment',
  'priority',
  'tags',
  'rating',
  'system'
);
