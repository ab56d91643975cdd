-- Each contract belongs to the API client that submitted it (the token's client claim): another client must not
-- learn that it exists, so references and idempotency keys are unique per client, not across clients.
-- Contracts stored before owners were kept belong to no client: the API answers 404 for them, operators still see
-- them in the Temporal Web UI.
alter table contract add column owner text not null default '(before owners)';
alter table contract alter column owner drop default;

drop index contract_external_ref_key;
drop index contract_idempotency_key_key;
create unique index contract_external_ref_key on contract (owner, external_ref) where external_ref is not null;
create unique index contract_idempotency_key_key on contract (owner, idempotency_key) where idempotency_key is not null;
create index contract_by_owner on contract (owner, created_at desc, id);
