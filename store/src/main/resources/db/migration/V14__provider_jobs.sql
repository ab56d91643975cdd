-- A provider that orders signers itself (Posten signering) runs one job per contract. Its create is not idempotent and
-- a job cannot be found by reference, so the handle is stored the moment the provider answers; a retry of the create
-- activity returns the stored one. No personal data: the provider's job id and where a cancel goes.
create table provider_job (
    contract_id      uuid        primary key references contract (id) on delete cascade,
    provider         text        not null,
    job_ref          text        not null,
    cancellation_url text,
    -- Where the signed document is, once a completed status change said so.
    signed_document_url text,
    created_at       timestamptz not null,
    unique (provider, job_ref)
);

-- Every status change the sender's poller took from the provider's queue, keyed by the change's id. An unconfirmed
-- change comes back after a restart: it is recorded once, signalled again (the workflow applies a change id once) and
-- then confirmed. Signers by position only, never by national identity number.
create table provider_job_change (
    change_id    text        primary key,
    provider     text        not null,
    contract_id  uuid        not null references contract (id) on delete cascade,
    job_ref      text        not null,
    job_state    text        not null,
    signers      jsonb       not null,
    recorded_at  timestamptz not null,
    confirmed_at timestamptz
);
create index provider_job_change_contract on provider_job_change (contract_id);

-- One status queue per sender and polling queue, polled by one worker process at a time however many run: the row is
-- locked for the poll (skip locked: another process's turn is not waited for), and the next poll waits for the time
-- the provider permits (Posten's X-Next-permitted-poll-time), which every process sees here.
create table provider_queue (
    provider     text        not null,
    queue        text        not null,
    next_poll_at timestamptz not null,
    primary key (provider, queue)
);
