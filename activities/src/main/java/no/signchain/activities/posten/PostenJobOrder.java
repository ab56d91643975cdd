package no.signchain.activities.posten;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import no.signchain.store.contract.NationalId;

/**
 * A portal job for one contract: its signers in order (one after the other), and when it must be done.
 *
 * <p>Posten allows personal data only in the national identity number, the title and the description; every other
 * field may leave the secure context (the reference shows up in e-mail notifications). So the {@code reference} is the
 * contract id, and one that looks like it carries a national identity number is refused here, before it leaves.
 *
 * @param contractId  the job's {@code reference}: where status changes are routed back to
 * @param title       the contract's title, shown to the signers
 * @param description an optional message to the signers; null for none
 * @param signers     the signers, first to sign first
 * @param documentTitle the document's title in Posten's portal
 * @param availableUntil the signers' deadline: the job expires after it
 */
public record PostenJobOrder(
        String contractId,
        String title,
        String description,
        String documentTitle,
        List<NationalId> signers,
        Instant availableUntil) {

    private static final Pattern ELEVEN_DIGITS = Pattern.compile("[0-9]{11}");
    /**
     * signchain's own contract ids: random UUIDs, which carry no personal data by construction. About one in 130 has
     * eleven digits in a row in its last group; refusing those would leave such a contract's job never created.
     */
    private static final Pattern CONTRACT_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public PostenJobOrder {
        Objects.requireNonNull(contractId, "contractId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(documentTitle, "documentTitle");
        Objects.requireNonNull(availableUntil, "availableUntil");
        if (!CONTRACT_UUID.matcher(contractId).matches()
                && ELEVEN_DIGITS.matcher(contractId).find()) {
            throw new IllegalArgumentException(
                    "a Posten job's reference must not carry personal data; this contract id looks like it holds a"
                            + " national identity number");
        }
        if (signers == null || signers.isEmpty()) {
            throw new IllegalArgumentException("a portal job needs at least one signer");
        }
        signers = List.copyOf(signers);
    }

    @Override
    public String toString() {
        return "PostenJobOrder[contractId=" + contractId + ", signers=" + signers.size() + ", availableUntil="
                + availableUntil + "]";
    }
}
