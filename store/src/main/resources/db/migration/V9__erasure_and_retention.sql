-- Erasure (DELETE /api/v1/contracts/{id}) and retention: an ended contract's document bytes and personal data are
-- erased, its hashes and audit trail kept with signers named by position ("signer 2").

-- When the contract's documents and personal data were erased; null while they are kept.
alter table contract add column erased_at timestamptz;

-- Retention looks for ended contracts, oldest end first, that still hold personal data.
create index contract_retained on contract (updated_at) where erased_at is null and status <> 'ACTIVE';

-- An erased signer keeps its position, status and times; everything else is nulled. Which columns carry personal
-- data (and in what form: clear, encrypted, a keyed hash) is not this migration's business, so every column outside
-- the kept ones may be null from now on, whatever earlier migrations made of them.
do $$
declare
    col record;
begin
    for col in
        select column_name from information_schema.columns
         where table_schema = current_schema() and table_name = 'contract_signer' and is_nullable = 'NO'
           and column_name not in ('contract_id', 'signer_index', 'name', 'status')
    loop
        execute format('alter table contract_signer alter column %I drop not null', col.column_name);
    end loop;
end
$$;
