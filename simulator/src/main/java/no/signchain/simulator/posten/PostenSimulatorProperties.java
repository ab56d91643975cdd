package no.signchain.simulator.posten;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The fake Posten signering service ({@code signchain.simulator.posten.*}). Its API listens on a port of its own,
 * HTTPS with client certificates required; the signers' pages are on the simulator's own port, below
 * {@code /posten/sign}, as Posten's signing portal is a web page a signer opens in a browser.
 *
 * @param enabled                  off unless asked for: it opens a second port
 * @param address                  where the API listens (loopback by default)
 * @param port                     the API's port; 0 for a free one
 * @param pollInterval             the wait {@code X-Next-permitted-poll-time} asks for after a poll that found no
 *                                 change (Posten asks for about a minute); a poll that found one may poll again at once
 * @param redeliverAfter           how long a delivered, unconfirmed status change stays hidden before it comes back
 * @param credentialsDir           when set, where the fake writes at start what a sender in another process needs:
 *                                 an organisation certificate from its test CA and that CA (see
 *                                 {@link PostenCredentials}); the PKI is made anew at each start
 * @param senderOrganisationNumber the organisation number of that certificate
 * @param credentialsPassword      that key store's password; empty: a random one (written beside it either way)
 */
@ConfigurationProperties("signchain.simulator.posten")
public record PostenSimulatorProperties(
        boolean enabled,
        String address,
        Integer port,
        Duration pollInterval,
        Duration redeliverAfter,
        Path credentialsDir,
        String senderOrganisationNumber,
        String credentialsPassword) {

    /** The demo's sender: a made-up organisation number. */
    public static final String DEMO_SENDER = "991825827";

    public PostenSimulatorProperties {
        address = address == null || address.isBlank() ? "127.0.0.1" : address;
        port = port == null ? 0 : port;
        pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
        redeliverAfter = redeliverAfter == null ? Duration.ofMinutes(10) : redeliverAfter;
        senderOrganisationNumber = senderOrganisationNumber == null || senderOrganisationNumber.isBlank()
                ? DEMO_SENDER
                : senderOrganisationNumber;
        if (!senderOrganisationNumber.matches("[0-9]{9}")) {
            throw new IllegalArgumentException(
                    "signchain.simulator.posten.sender-organisation-number must be nine digits");
        }
        credentialsPassword = credentialsPassword == null || credentialsPassword.isEmpty() ? null : credentialsPassword;
    }
}
