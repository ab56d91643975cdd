-- A resubmission under the same externalRef or Idempotency-Key must be the same request: its fingerprint (SHA-256
-- over the validated contract and the document's SHA-256, hex) is compared with the first one's. Contracts stored
-- before this column have none and are returned without comparing.
alter table contract add column submission_sha256 text;
