-- Callbacks to business systems (Standard Webhooks). An event is written in the same transaction as the state
-- change it reports (the outbox), so a process that dies after the change still delivers it. The API process's
-- sender dispatches each event to its targets (the contract's callback URL and the configured subscriptions) as one
-- delivery per target, and delivers them in order per contract and target, retrying with backoff.

-- Where this contract's callbacks go; null when the business system named none.
alter table contract add column callback_url text;

create table callback_event (
    -- the order of events: per contract it is the order of the state changes (writers lock the contract row first)
    seq           bigint generated always as identity primary key,
    -- the webhook-id of every delivery of this event ("msg_" and this uuid's 32 hex digits)
    id            uuid        not null unique,
    contract_id   uuid        not null references contract (id) on delete cascade,
    type          text        not null,
    occurred_at   timestamptz not null,
    signer_index  int,
    signer_name   text,
    signature_url text,
    reason        text,
    -- a caller's own key, so that a retried caller records its event once
    dedupe_key    text,
    recorded_at   timestamptz not null,
    -- set once the event's deliveries exist; payload is the body every delivery of it sends, rendered then
    dispatched_at timestamptz,
    payload       text
);
create index callback_event_undispatched on callback_event (seq) where dispatched_at is null;
create index callback_event_by_contract on callback_event (contract_id, seq);
create unique index callback_event_dedupe on callback_event (contract_id, dedupe_key) where dedupe_key is not null;

create table callback_delivery (
    id              uuid        primary key,
    event_seq       bigint      not null references callback_event (seq) on delete cascade,
    contract_id     uuid        not null references contract (id) on delete cascade,
    target_url      text        not null,
    -- CONTRACT (the submission's callbackUrl: every address check applies) or SUBSCRIPTION (configured by the operator)
    origin          text        not null,
    -- PENDING, DELIVERED or FAILED (gave up after the retry period; redelivery makes it PENDING again)
    status          text        not null,
    created_at      timestamptz not null,
    next_attempt_at timestamptz not null,
    give_up_at      timestamptz not null,
    -- attempts since it was created or last redelivered: the exponent of its backoff (callback_attempt has them all)
    attempts        int         not null default 0,
    -- the sender that claimed it and until when; another sender takes over once the lease has run out
    lease_token     uuid,
    lease_until     timestamptz,
    delivered_at    timestamptz,
    failed_at       timestamptz,
    unique (event_seq, target_url)
);
create index callback_delivery_due on callback_delivery (next_attempt_at) where status = 'PENDING';
create index callback_delivery_stream on callback_delivery (contract_id, target_url, event_seq) where status = 'PENDING';
create index callback_delivery_by_contract on callback_delivery (contract_id, event_seq);

-- every attempt, written when it starts: one without an outcome was cut short (the sender stopped during it)
create table callback_attempt (
    id          bigint generated always as identity primary key,
    delivery_id uuid        not null references callback_delivery (id) on delete cascade,
    started_at  timestamptz not null,
    finished_at timestamptz,
    http_status int,
    error       text
);
create index callback_attempt_by_delivery on callback_attempt (delivery_id, id);
