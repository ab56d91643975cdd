package no.signchain.simulator.identity;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import no.signchain.simulator.InSimulatorContext;
import no.signchain.simulator.SimulatorProperties;
import org.springframework.stereotype.Component;

/**
 * The identities the simulator knows: the public BankID test users (seeded) plus any configured under
 * {@code signchain.simulator.users[i].nin/first-name/last-name}. A NIN nobody knows signs as
 * "BankID Testbruker".
 */
@Component
@InSimulatorContext
public class TestUsers {

    public static final String UNKNOWN_FIRST_NAME = "BankID";
    public static final String UNKNOWN_LAST_NAME = "Testbruker";

    private final Map<String, TestUser> byNin = new LinkedHashMap<>();

    public TestUsers(SimulatorProperties props) {
        add(new TestUser("06046517928", "Aksel", "Herseth"));
        add(new TestUser("11920287974", "Ole", "Bramserud"));
        add(new TestUser("12829025475", "Sanna", "Hansen"));
        add(new TestUser("20872329758", "Test", "Testsen"));
        for (SimulatorProperties.User u : props.users()) {
            if (!Nin.isWellFormed(u.nin())) {
                throw new IllegalArgumentException(
                        "signchain.simulator.users: a NIN is not 11 digits (" + Nin.mask(u.nin()) + ")");
            }
            add(new TestUser(
                    u.nin(),
                    u.firstName() == null ? UNKNOWN_FIRST_NAME : u.firstName(),
                    u.lastName() == null ? UNKNOWN_LAST_NAME : u.lastName()));
        }
    }

    private void add(TestUser u) {
        byNin.put(u.nin(), u);
    }

    /** The identity for a NIN: a known test user, or "BankID Testbruker" carrying that NIN. */
    public TestUser byNin(String nin) {
        TestUser u = byNin.get(nin);
        return u != null ? u : new TestUser(nin, UNKNOWN_FIRST_NAME, UNKNOWN_LAST_NAME);
    }

    public Collection<TestUser> all() {
        return byNin.values();
    }
}
