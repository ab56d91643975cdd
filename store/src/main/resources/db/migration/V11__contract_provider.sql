-- The signing service a contract's signers sign at, chosen at submission ("signicat-v2", "zignsec", ...). Every
-- contract stored before the choice existed ran on Signicat Sign API v2.
alter table contract add column provider text not null default 'signicat-v2';
