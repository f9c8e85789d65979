-- Users of the API and UI, their API tokens and their UI sessions. Passwords are stored as PBKDF2
-- hashes; tokens and session ids only as SHA-256 hashes, so a copy of this table signs nobody in.

create table app_user (
    username      varchar(100) primary key,
    password_hash text         not null,
    role          varchar(20)  not null,
    created_at    timestamptz  not null
);

create table api_token (
    token_hash varchar(64)  primary key,
    username   varchar(100) not null references app_user (username) on delete cascade,
    created_at timestamptz  not null,
    expires_at timestamptz  not null
);

create table ui_session (
    id_hash    varchar(64)  primary key,
    username   varchar(100) not null references app_user (username) on delete cascade,
    csrf_token varchar(64)  not null,
    expires_at timestamptz  not null
);

create index ui_session_expires_at_idx on ui_session (expires_at);
