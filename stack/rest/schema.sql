-- Supabase's image tells PostgREST to reload its schema cache after any DDL (its pgrst_ddl_watch and
-- pgrst_drop_watch event triggers); the local stack's REST API listens on the same channel.

create function extensions.pgrst_ddl_watch() returns event_trigger
language plpgsql
as $$
begin
  notify pgrst, 'reload schema';
end
$$;

create function extensions.pgrst_drop_watch() returns event_trigger
language plpgsql
as $$
begin
  notify pgrst, 'reload schema';
end
$$;

create event trigger pgrst_ddl_watch on ddl_command_end
  execute procedure extensions.pgrst_ddl_watch();

create event trigger pgrst_drop_watch on sql_drop
  execute procedure extensions.pgrst_drop_watch();
