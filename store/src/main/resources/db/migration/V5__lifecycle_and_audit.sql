-- A signer's replacement, stored by the API before it asks the workflow (the person's identity never enters Temporal)
-- and applied by the workflow's activity; a refused replacement is deleted again.
create table signer_replacement (
    id           uuid primary key,
    contract_id  uuid        not null references contract (id) on delete cascade,
    signer_index int         not null,
    name         text        not null,
    national_id  text        not null,
    email        text,
    mobile       text,
    requested_by text        not null,
    requested_at timestamptz not null,
    applied_at   timestamptz
);

-- Reminders sent, one row per reminder id the workflow made: a retried activity sends nothing twice.
create table reminder (
    id           uuid primary key,
    contract_id  uuid        not null references contract (id) on delete cascade,
    signer_index int         not null,
    requested_by text        not null,
    emailed      boolean     not null,
    sent_at      timestamptz not null
);

-- The audit trail: everything that happened to a contract, in order, from signchain's own records (it outlives
-- Temporal's retention). Never a national identity number.
create table contract_event (
    contract_id  uuid        not null references contract (id) on delete cascade,
    seq          bigserial,
    occurred_at  timestamptz not null,
    kind         text        not null,
    actor        text        not null,
    signer_index int,
    detail       text,
    primary key (contract_id, seq)
);

-- When the signer whose turn it is gets reminded (null: contracts from before reminders, none).
alter table contract add column reminder_first_after text;
alter table contract add column reminder_every text;
alter table contract add column reminder_max int;
