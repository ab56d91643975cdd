-- National identity numbers, e-mail addresses and phone numbers are stored encrypted (AES-256-GCM, module
-- protection): national_id, email and mobile hold "enc1:<key id>:<base64url>" text. The database never sees a number
-- in clear; equality lookups (the same person twice in a contract) use national_id_hash, an HMAC-SHA256 under a key
-- of its own.
--
-- Rows written before this migration are still in clear; they have no hash. They are encrypted by the application,
-- not by SQL (the database must never hold the keys): every process, once Flyway is done, encrypts the rows still in
-- clear and re-encrypts those under a key other than the active one (PersonalDataMigration in module store).
alter table contract_signer add column national_id_hash text;
alter table signer_replacement add column national_id_hash text;

create index contract_signer_by_national_id_hash on contract_signer (national_id_hash);
create index signer_replacement_by_national_id_hash on signer_replacement (national_id_hash);
