package no.signchain.simulator.posten;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The fake Posten signering service ({@code signchain.simulator.posten.*}). Its API listens on a port of its own,
 * HTTPS with client certificates required; the signers' pages are on the simulator's own port, below
 * {@code /posten/sign}, as Posten's signing portal is a web page a signer opens in a browser.
 *
 * @param enabled        off unless asked for: it opens a second port
 * @param address        where the API listens (loopback by default)
 * @param port           the API's port; 0 for a free one
 * @param pollInterval   the wait {@code X-Next-permitted-poll-time} asks for after a poll that found no change
 *                       (Posten asks for about a minute); a poll that found one may poll again at once
 * @param redeliverAfter how long a delivered, unconfirmed status change stays hidden before it comes back
 */
@ConfigurationProperties("signchain.simulator.posten")
public record PostenSimulatorProperties(
        boolean enabled, String address, Integer port, Duration pollInterval, Duration redeliverAfter) {

    public PostenSimulatorProperties {
        address = address == null || address.isBlank() ? "127.0.0.1" : address;
        port = port == null ? 0 : port;
        pollInterval = pollInterval == null ? Duration.ofMinutes(1) : pollInterval;
        redeliverAfter = redeliverAfter == null ? Duration.ofMinutes(10) : redeliverAfter;
    }
}
