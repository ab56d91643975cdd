-- The number of the newest progress snapshot stored (ContractProgress.sequence): snapshots are ordered by it, not by
-- workflow time, which several snapshots share and which a workflow task run again gives its snapshots anew. Null
-- until a numbered snapshot is stored; 0 when one from a worker that does not number them was.
alter table contract add column progress_sequence bigint;
