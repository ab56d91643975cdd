-- Sessions signchain withdraws as second ones for a step (one that surfaced late, or one a retry found beside the one
-- it kept), noted in a transaction of their own before the provider is asked. A withdrawal whose answer is lost may
-- still be carried out after the provider has shown the session open to a later attempt's search: that attempt must
-- never take a session on this list for the step's own.
create table session_withdrawal (
    contract_id         uuid        not null references contract (id) on delete cascade,
    external_reference  text        not null,
    provider_session_id text        not null,
    withdrawn_at        timestamptz not null,
    primary key (external_reference, provider_session_id)
);
