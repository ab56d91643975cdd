-- The verification of each signed version (version k after signer k), kept with the version: the verdict the
-- workflow acted on and the report behind it (JSON, no national identity numbers), served by the API.
create table version_verification (
    contract_id     uuid        not null,
    version         int         not null,
    passed          boolean     not null,
    failure         text,
    signature_level text,
    report          text        not null,
    verified_at     timestamptz not null,
    primary key (contract_id, version),
    foreign key (contract_id, version) references document_version (contract_id, version) on delete cascade
);
