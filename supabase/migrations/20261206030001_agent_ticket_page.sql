-- The agent's ticket page in one read (issue 14). Its load asked for thirteen things in three rounds
-- (the ticket, its newest timeline page with the count of the rest, then that page's files; the
-- staff; then the fields, teams, tags, macros, the customer's other tickets, the merges and the
-- article suggestions, which need the ticket's customer and text): thirteen requests through the
-- API each render, whose handling cost several times the SQL they ran. Here the database answers
-- them in one statement's worth of reads.
--
-- Security invoker (the default): every read runs under the caller's JWT, so RLS answers as it did
-- for the separate requests: a customer calling it gets no internal notes, other customers' tickets
-- or staff-only lists; a ticket the caller may not see answers null.
--
-- Each part is shaped as the API answered it (same keys, embeds as objects or null, timestamps as
-- PostgreSQL prints them), so the page gets the same data. The timeline page is oldest first.
create function public.agent_ticket_page(ticket bigint, timeline_size integer)
returns jsonb
language plpgsql
stable
set search_path = ''
as $$
declare
  shown public.tickets;
  page jsonb;
  page_ids bigint[];
begin
  select * into shown from public.tickets t where t.id = ticket;
  if shown.id is null then
    return null;
  end if;

  select coalesce(jsonb_agg(
           jsonb_build_object(
             'id', a.id, 'kind', a.kind, 'body', a.body, 'meta', a.meta, 'created_at', a.created_at,
             'author', (select jsonb_build_object('id', p.id, 'full_name', p.full_name, 'role', p.role,
                                                  'avatar_path', p.avatar_path)
                        from public.profiles p where p.id = a.author_id))
           order by a.created_at, a.id), '[]'::jsonb),
         coalesce(array_agg(a.id) filter (where a.kind in ('reply', 'note')), '{}')
    into page, page_ids
  from (
    select * from public.ticket_activities a
    where a.ticket_id = ticket
    order by a.created_at desc, a.id desc
    limit greatest(timeline_size, 1)
  ) a;

  return jsonb_build_object(
    'ticket', jsonb_build_object(
      'id', shown.id, 'subject', shown.subject, 'description', shown.description,
      'status', shown.status, 'priority', shown.priority, 'created_at', shown.created_at,
      'updated_at', shown.updated_at, 'solved_at', shown.solved_at, 'due_at', shown.due_at,
      'version', shown.version, 'tags', shown.tags, 'custom_fields', shown.custom_fields,
      'customer_id', shown.customer_id, 'assignee_id', shown.assignee_id, 'team_id', shown.team_id,
      'type_id', shown.type_id, 'first_response_at', shown.first_response_at,
      'sla_targets', shown.sla_targets, 'sla_paused_at', shown.sla_paused_at,
      'first_response_due_at', shown.first_response_due_at,
      'next_response_due_at', shown.next_response_due_at,
      'resolution_due_at', shown.resolution_due_at,
      'first_response_breached_at', shown.first_response_breached_at,
      'next_response_breached_at', shown.next_response_breached_at,
      'resolution_breached_at', shown.resolution_breached_at,
      'sla_policy', (select jsonb_build_object('name', s.name)
                     from public.sla_policies s where s.id = shown.sla_policy_id),
      'customer', (select jsonb_build_object('id', c.id, 'full_name', c.full_name, 'email', c.email,
                                             'created_at', c.created_at, 'avatar_path', c.avatar_path)
                   from public.profiles c where c.id = shown.customer_id),
      'assignee', (select jsonb_build_object('id', a.id, 'full_name', a.full_name)
                   from public.profiles a where a.id = shown.assignee_id)),
    'timeline', page,
    'timeline_total', (select count(*) from public.ticket_activities a where a.ticket_id = ticket),
    -- The files of the page's messages and of the description (no activity).
    'files', (select coalesce(jsonb_agg(jsonb_build_object(
                'id', f.id, 'activity_id', f.activity_id, 'file_name', f.file_name,
                'content_type', f.content_type, 'size_bytes', f.size_bytes,
                'object_path', f.object_path) order by f.created_at), '[]'::jsonb)
              from public.attachments f
              where f.ticket_id = ticket and not f.draft
                and (f.activity_id is null or f.activity_id = any (page_ids))),
    'staff', (select coalesce(jsonb_agg(jsonb_build_object(
                'id', p.id, 'full_name', p.full_name, 'email', p.email, 'role', p.role)
                order by p.full_name), '[]'::jsonb)
              from public.profiles p where p.role in ('agent', 'admin')),
    'fields', (select coalesce(jsonb_agg(jsonb_build_object(
                 'key', f.key, 'label', f.label, 'description', f.description,
                 'field_type', f.field_type, 'options', f.options,
                 'required_on_solve', f.required_on_solve) order by f.position, f.label), '[]'::jsonb)
               from public.ticket_fields f where f.is_active),
    'teams', (select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name)
                order by t.name), '[]'::jsonb)
              from public.teams t),
    'tags', (select coalesce(jsonb_agg(t.name order by t.name), '[]'::jsonb)
             from (select g.name from public.tags g order by g.name limit 500) t),
    -- Shared macros first, then the agent's own (RLS shows no others).
    'macros', (select coalesce(jsonb_agg(jsonb_build_object(
                 'id', m.id, 'name', m.name, 'description', m.description,
                 'message_kind', m.message_kind, 'owner_id', m.owner_id)
                 order by m.owner_id nulls first, m.position, m.name), '[]'::jsonb)
               from public.macros m where m.is_active),
    'customer_tickets', (select coalesce(jsonb_agg(jsonb_build_object(
                           'id', o.id, 'subject', o.subject, 'status', o.status,
                           'created_at', o.created_at) order by o.created_at desc), '[]'::jsonb)
                         from (select * from public.tickets o
                               where o.customer_id = shown.customer_id and o.id <> shown.id
                               order by o.created_at desc limit 5) o),
    'merge_links', (select coalesce(jsonb_agg(jsonb_build_object(
                      'source_ticket_id', l.source_ticket_id,
                      'target_ticket_id', l.target_ticket_id)), '[]'::jsonb)
                    from public.ticket_links l
                    where l.kind = 'merge'
                      and (l.source_ticket_id = shown.id or l.target_ticket_id = shown.id)),
    'suggested_articles', (select coalesce(jsonb_agg(jsonb_build_object(
                             'id', k.id, 'slug', k.slug, 'title', k.title,
                             'visibility', k.visibility, 'snippet', k.snippet) order by k.n), '[]'::jsonb)
                           from public.suggest_kb_articles(shown.subject, shown.description, 3)
                             with ordinality as k(id, slug, title, visibility, snippet, n))
  );
end
$$;

comment on function public.agent_ticket_page(bigint, integer) is
  'The agent ticket page''s data in one read, under the caller''s RLS; null when the ticket is not visible.';

revoke execute on function public.agent_ticket_page(bigint, integer) from public, anon;
grant execute on function public.agent_ticket_page(bigint, integer) to authenticated;
