-- A disabled user keeps its name (and what its runs recorded) but cannot sign in; disabling it
-- also ends its sessions and tokens.
alter table app_user add column enabled boolean not null default true;
