-- The webhook delivery's trace, so the relay's span joins it whichever process relays the event and however long
-- after: a W3C traceparent ("00-<trace id>-<span id>-<flags>"), ids of spans only, no personal data. Null for an
-- event stored outside a trace, and for the events stored before this column, which the relay traces anew.
alter table webhook_inbox add column trace_parent text;
