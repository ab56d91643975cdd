-- An event whose session signchain has not recorded (yet) used to be looked at again after 0.25 s, then each wait
-- doubled up to 30 s, for 15 minutes: ~35 relay round trips for each event of another integration's session, load
-- that competed with the webhook's own ingest (issue 11). Recording a session now makes its waiting events due at once
-- (SigningSessionLedger.recordOpened), so the relay can look again rarely. Partial: only events not relayed yet.
create index webhook_inbox_waiting_session on webhook_inbox (session_ref) where relayed_at is null;
