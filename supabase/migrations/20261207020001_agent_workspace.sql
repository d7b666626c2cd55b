-- The agent workspace's own reads in one request (issue 14). Every page under /agent loaded the
-- caller's teams, the saved views and their own availability (three requests side by side), then,
-- once it knew the views, their counts (a fourth, after them): four requests through the API per page
-- load, each costing the app and the API more than the SQL it ran. Here the database answers them
-- in one.
--
-- Security invoker: every read runs under the caller's JWT as the separate requests did (views: own
-- and shared ones; count_tickets: staff only).
--
-- The counts are those of the workspace's built-in views (`builtin_queries`, keyed by view id), of
-- one view per team of the caller (`team_query` with the team added, keyed `team:<id>` as the
-- workspace names team views) and of every saved view (keyed by its id). A count that cannot be taken
-- (a saved view's query the current code refuses) leaves `counts` null with the reason in
-- `counts_error`: the sidebar then shows no counts, and the rest of the page is not lost for it.
create function public.agent_workspace(
  builtin_queries jsonb,
  team_query jsonb,
  with_counts boolean
)
returns jsonb
language plpgsql
volatile
set search_path = ''
as $$
declare
  me uuid := auth.uid();
  teams jsonb;
  saved jsonb;
  availability public.agent_availability;
  counts jsonb;
  counts_error text;
begin
  select coalesce(jsonb_agg(jsonb_build_object('id', t.id, 'name', t.name) order by t.name), '[]')
    into teams
    from public.team_members m
    join public.teams t on t.id = m.team_id
    where m.agent_id = me;

  select coalesce(jsonb_agg(jsonb_build_object(
      'id', v.id, 'name', v.name, 'shared', v.shared, 'owner_id', v.owner_id,
      'query', v.query, 'columns', to_jsonb(v.columns)
    ) order by v.name), '[]')
    into saved
    from public.views v;

  select s.status into availability from public.agent_status s where s.agent_id = me;

  if with_counts then
    begin
      select coalesce(jsonb_object_agg(c.key, jsonb_build_object('count', c.count, 'exact', c.exact)), '{}')
        into counts
        from public.count_tickets(
          builtin_queries
          || coalesce((
            select jsonb_object_agg('team:' || (t ->> 'id'), team_query || jsonb_build_object('team', jsonb_build_array(t -> 'id')))
            from jsonb_array_elements(teams) t
          ), '{}')
          || coalesce((
            select jsonb_object_agg(s ->> 'id', s -> 'query') from jsonb_array_elements(saved) s
          ), '{}')
        ) c;
    exception when others then
      counts := null;
      counts_error := sqlstate || ' ' || sqlerrm;
    end;
  end if;

  return jsonb_build_object(
    'teams', teams,
    'saved', saved,
    'availability', availability,
    'counts', counts,
    'counts_error', counts_error
  );
end
$$;

comment on function public.agent_workspace(jsonb, jsonb, boolean) is
  'The agent workspace''s teams, saved views, own availability and view counts, in one read.';

revoke execute on function public.agent_workspace(jsonb, jsonb, boolean) from public, anon;
grant execute on function public.agent_workspace(jsonb, jsonb, boolean) to authenticated;
