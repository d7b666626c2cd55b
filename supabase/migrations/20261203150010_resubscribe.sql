-- The other half of the unsubscribe page: "Subscribe again" turns every email back on for the
-- person the token stands for. Like unsubscribing, it works without a session, since the token in
-- the link is all the page has; it says whether the token was known. Emails cancelled while
-- unsubscribed stay cancelled: they were about events already past.
create function private.resubscribe_to_emails(token text)
returns boolean
language plpgsql
security definer
set search_path = ''
as $$
#variable_conflict use_variable
begin
  update public.notification_preferences p
  set email_ticket_received = true, email_agent_reply = true, email_ticket_solved = true
  where p.unsubscribe_token = token;
  return found;
end
$$;

revoke execute on function private.resubscribe_to_emails(text) from public;
grant execute on function private.resubscribe_to_emails(text) to anon, authenticated;

create function public.resubscribe_to_emails(token text)
returns boolean
language sql
set search_path = ''
as $$
  select private.resubscribe_to_emails(token)
$$;

revoke execute on function public.resubscribe_to_emails(text) from public;
grant execute on function public.resubscribe_to_emails(text) to anon, authenticated;
