-- A document version's bytes in chunks of 1 MiB, so that no process ever holds a whole version in memory: the
-- JDBC driver materialises a bytea value whole when it reads it (three times its size while it decodes hex), and
-- versions may be 50 MB. Written in the same transaction as their document_version row.
create table document_chunk (
    contract_id uuid  not null,
    version     int   not null,
    seq         int   not null,
    bytes       bytea not null,
    primary key (contract_id, version, seq),
    foreign key (contract_id, version) references document_version (contract_id, version) on delete cascade
);

insert into document_chunk (contract_id, version, seq, bytes)
select d.contract_id, d.version, s.seq, substring(d.content from s.seq * 1048576 + 1 for 1048576)
  from document_version d,
       generate_series(0, greatest((length(d.content) - 1) / 1048576, 0)) as s(seq);

alter table document_version drop column content;
