package no.signchain.store.testing;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.NewContract;
import no.signchain.store.contract.NewSigner;
import no.signchain.workflows.contract.ReminderSchedule;
import org.springframework.transaction.support.TransactionTemplate;

/** Contracts in a test database, stored as intake stores them. */
public final class TestContracts {

    private TestContracts() {}

    /** A repository with the callback events and audit entries it records, as the worker and the API wire it. */
    public static ContractRepository repository(MigratedDatabase database, Clock clock) {
        return new ContractRepository(
                database.dataSource(),
                database.transactions(),
                clock,
                new CallbackEvents(database.dataSource(), clock),
                new ContractEvents(database.dataSource(), clock),
                TestPersonalData.withRandomKeys());
    }

    /** Stores a contract of client-1 with these signers, in order; returns its id. */
    public static String insert(MigratedDatabase database, ContractRepository contracts, NewSigner... signers) {
        String id = UUID.randomUUID().toString();
        new TransactionTemplate(database.transactions())
                .executeWithoutResult(s -> contracts.insert(
                        id,
                        new NewContract(
                                "client-1", "Lease", "ref-" + id, null, List.of(signers), null, ReminderSchedule.NONE),
                        "sha"));
        return id;
    }
}
