package no.signchain.store.document;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.store.audit.ContractEvents;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The verification report of each signed version. Written by the verification activity (again, identically, when it
 * is retried), read by the API. The report is JSON made by the verifier; the store keeps it as text.
 */
public class VersionVerifications {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ContractEvents audit;

    public VersionVerifications(DataSource dataSource, Clock clock, ContractEvents audit) {
        this.audit = audit;
        this.jdbc = JdbcClient.create(dataSource);
        this.clock = clock;
    }

    public void record(
            DocumentVersionRef version, boolean passed, String failure, String signatureLevel, String report) {
        jdbc.sql("""
                        insert into version_verification
                            (contract_id, version, passed, failure, signature_level, report, verified_at)
                        values (?, ?, ?, ?, ?, ?, ?)
                        on conflict (contract_id, version) do update
                           set passed = excluded.passed, failure = excluded.failure,
                               signature_level = excluded.signature_level, report = excluded.report,
                               verified_at = excluded.verified_at""")
                .params(
                        UUID.fromString(version.contractId()),
                        version.version(),
                        passed,
                        failure,
                        signatureLevel,
                        report,
                        Sql.ts(clock.instant()))
                .update();
        audit.record(
                version.contractId(),
                passed ? "version.verified" : "version.verification_failed",
                "signchain",
                version.version(), // version k is signer k's
                "version " + version.version() + (passed ? ", " + signatureLevel : ": " + failure));
    }

    /** The report of the version's verification, if it was verified. */
    public Optional<String> report(DocumentVersionRef version) {
        return jdbc.sql("select report from version_verification where contract_id = ? and version = ?")
                .params(UUID.fromString(version.contractId()), version.version())
                .query(String.class)
                .optional();
    }
}
