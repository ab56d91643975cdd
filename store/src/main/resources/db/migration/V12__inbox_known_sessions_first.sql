-- A Signicat account may carry other integrations' sessions, whose events reach signchain's webhook too. Relaying
-- strictly by arrival let a burst of those starve the events of signchain's own sessions (issue 11: real handoffs
-- took 30 s behind 36,000 unknown events). An event is marked at arrival by whether its session is one signchain
-- recorded, and the relay takes those first; the others (an early event of a session still being recorded, or a
-- stranger's) follow, oldest first, as before.
alter table webhook_inbox add column session_known boolean not null default true;
create index webhook_inbox_due_known_first on webhook_inbox (session_known desc, received_at) where relayed_at is null;
