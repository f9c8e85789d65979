-- Each DAG's tags and owners as columns of their own, which PostgreSQL derives from the structure
-- on every write (so no writer can leave them behind, and existing rows get them now). The DAGs
-- page lists every tag and owner as its filters' choices, and filters by them: over the structure
-- JSON that read every DAG's whole structure (detoasted: megabytes for DAGs of thousands of tasks)
-- on each request; these columns are a few bytes per DAG.
--
-- jOOQ's offline replay of the migrations (in H2) knows neither the function nor generated columns:
-- the sql module names the two columns itself (DagLabels).

-- [jooq ignore start]
create function updraft_json_texts(p_array jsonb) returns text[]
language sql
immutable
parallel safe
as $$
    select array(select jsonb_array_elements_text(p_array))
$$;

alter table dag
    add column tags   text[] generated always as (updraft_json_texts(structure -> 'tags')) stored not null,
    add column owners text[] generated always as (updraft_json_texts(structure -> 'owners')) stored not null;
-- [jooq ignore stop]
