-- signchain's own record of contracts. Temporal runs the chain; these tables let the API answer without
-- Temporal, keep every document version after the provider deletes its copies, and make activities idempotent.

create table contract (
    id                  uuid primary key,
    title               text        not null,
    external_ref        text,
    idempotency_key     text,
    status              text        not null,
    phase               text        not null,
    signer_count        int         not null check (signer_count between 1 and 100),
    current_signer      int         not null default 0,
    latest_version      int         not null default 0,
    reason              text,
    created_at          timestamptz not null,
    updated_at          timestamptz not null,
    -- workflow time of the newest progress snapshot stored; an older snapshot arriving late is ignored
    progress_at         timestamptz,
    workflow_started_at timestamptz
);
create unique index contract_external_ref_key on contract (external_ref) where external_ref is not null;
create unique index contract_idempotency_key_key on contract (idempotency_key) where idempotency_key is not null;
create index contract_by_status on contract (status, created_at desc, id);
create index contract_not_started on contract (created_at) where workflow_started_at is null;

create table contract_signer (
    contract_id   uuid        not null references contract (id) on delete cascade,
    signer_index  int         not null,
    name          text        not null,
    national_id   text        not null,
    email         text,
    mobile        text,
    deadline      timestamptz,
    status        text        not null,
    session_ref   text,
    signature_url text,
    due_at        timestamptz,
    finished_at   timestamptz,
    primary key (contract_id, signer_index)
);

-- version 0 is the original upload, version k the document after signer k signed
create table document_version (
    contract_id  uuid        not null references contract (id) on delete cascade,
    version      int         not null,
    signer_index int,
    content_type text        not null,
    size_bytes   bigint      not null,
    sha256       text        not null,
    content      bytea       not null,
    created_at   timestamptz not null,
    primary key (contract_id, version)
);

-- every signing session signchain asked a provider for; the row is written (and locked) before the provider is
-- called, so a retried activity finds the session an earlier attempt opened instead of opening a second one
create table signing_session (
    contract_id         uuid        not null references contract (id) on delete cascade,
    signer_index        int         not null,
    attempt             int         not null default 1,
    provider            text        not null,
    external_reference  text        not null unique,
    provider_session_id text unique,
    signature_url       text,
    due_at              timestamptz,
    requested_at        timestamptz not null,
    opened_at           timestamptz,
    primary key (contract_id, signer_index, attempt)
);

-- provider events, stored before the delivery is answered; a relay signals the owning workflow
create table webhook_inbox (
    event_id        text primary key,
    provider        text        not null,
    event_name      text,
    session_ref     text,
    payload         text        not null,
    received_at     timestamptz not null,
    attempts        int         not null default 0,
    next_attempt_at timestamptz not null,
    relayed_at      timestamptz,
    outcome         text,
    last_error      text
);
create index webhook_inbox_pending on webhook_inbox (next_attempt_at) where relayed_at is null;
