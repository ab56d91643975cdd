-- Lifecycle controls sent with an Idempotency-Key: the Temporal update id a repeat of the same control reuses (so
-- Temporal applies it once), what the control asked (a repeat asking something else under the key is refused), and
-- for a replacement the stored person it named, so a repeat does not store a second one. No personal data: the
-- fingerprint hashes a replacement's identity number with the keyed hash first.
create table control_request (
    contract_id     uuid        not null references contract (id) on delete cascade,
    client          text        not null,
    idempotency_key text        not null,
    fingerprint     text        not null,
    update_id       text        not null,
    replacement_id  uuid,
    -- null while the outcome is not known (the control was not taken in time); TAKEN or APPLIED once the API saw it
    outcome         text,
    requested_at    timestamptz not null,
    primary key (contract_id, client, idempotency_key)
);
