-- A provider that opens a session in several calls (ZignSec: create, upload, start) names the session before anyone
-- can sign in it. signchain notes the name at once, in a transaction of its own, so that a retry after a crash between
-- those calls carries on with that session instead of creating a second one (ZignSec has no search by reference).
create table session_opening (
    contract_id         uuid        not null references contract (id) on delete cascade,
    external_reference  text        not null,
    provider_session_id text        not null,
    named_at            timestamptz not null,
    primary key (external_reference, provider_session_id)
);
