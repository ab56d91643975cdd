-- A retried session opening at Sign API v1, which has no search, looks for the task its lost create made by the
-- CREATED notification that names the step's external reference (WebhookInbox.sessionsAnnounced). Partial: only v1's
-- notifications are looked up by name, so the other providers' ingest pays nothing for it.
create index webhook_inbox_announced on webhook_inbox (event_name, received_at) where provider = 'signicat-v1';
