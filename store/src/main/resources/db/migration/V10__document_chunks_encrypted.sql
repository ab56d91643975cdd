-- A signed PDF carries its signers' identity numbers (the certificates' serialNumber PNONO-...): document bytes are
-- encrypted at rest like the signer columns, chunk by chunk, each under the key named here. Chunks stored before this
-- have no key id and are read as they are.
alter table document_chunk add column key_id text;
