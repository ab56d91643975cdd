package no.signchain.store.callback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import no.signchain.workflows.contract.ContractProgress;
import no.signchain.workflows.contract.ContractStatus;
import no.signchain.workflows.contract.SignerProgress;
import no.signchain.workflows.contract.SignerStatus;

/**
 * The callback events a progress snapshot causes: the difference between what was stored and the snapshot.
 *
 * <table>
 *   <caption>stored → snapshot gives</caption>
 *   <tr><td>signer not {@code READY} → {@code READY} with a signature URL, or {@code READY} with another session</td>
 *       <td>{@code signer.session_opened} (with the {@code signatureUrl})</td></tr>
 *   <tr><td>signer other → {@code SIGNED} / {@code REJECTED} / {@code EXPIRED}</td>
 *       <td>{@code signer.signed} / {@code signer.rejected} / {@code signer.expired}</td></tr>
 *   <tr><td>contract {@code ACTIVE} → {@code COMPLETED} / {@code REJECTED} / {@code EXPIRED} / {@code CANCELLED} /
 *       {@code FAILED}</td><td>{@code contract.completed} / … / {@code contract.failed} (with the reason)</td></tr>
 * </table>
 *
 * Signers' events come first, in signing order, then the contract's. Nothing else causes an event: a signer who
 * becomes {@code FAILED} or {@code SKIPPED} is reported by the contract's own event; a snapshot the same as what is
 * stored (a retried activity) causes none. Stale snapshots never get here ({@code ContractRepository} ignores them).
 */
public final class ProgressEvents {

    private ProgressEvents() {}

    public static List<NewCallbackEvent> between(StoredProgress before, ContractProgress after) {
        String contractId = after.contractId();
        Instant at = after.updatedAt();
        Map<Integer, StoredProgress.Signer> stored =
                before.signers().stream().collect(Collectors.toMap(StoredProgress.Signer::index, Function.identity()));
        List<NewCallbackEvent> events = new ArrayList<>();
        for (SignerProgress signer : after.signers().stream()
                .sorted(Comparator.comparingInt(SignerProgress::index))
                .toList()) {
            StoredProgress.Signer was = stored.get(signer.index());
            if (was == null) {
                continue;
            }
            if (signer.status() == SignerStatus.READY
                    && signer.signatureUrl() != null
                    && (was.status() != SignerStatus.READY || !Objects.equals(was.sessionRef(), signer.sessionRef()))) {
                events.add(NewCallbackEvent.signer(
                                contractId, CallbackEventType.SIGNER_SESSION_OPENED, at, signer.index(), was.name())
                        .withSignatureUrl(signer.signatureUrl()));
            }
            CallbackEventType ended = signerEnded(signer.status());
            if (ended != null && was.status() != signer.status()) {
                Instant when = signer.finishedAt() != null ? signer.finishedAt() : at;
                events.add(NewCallbackEvent.signer(contractId, ended, when, signer.index(), was.name()));
            }
        }
        if (before.status() == ContractStatus.ACTIVE && after.status().isFinal()) {
            events.add(NewCallbackEvent.contract(
                    contractId,
                    contractEnded(after.status()),
                    at,
                    after.status() == ContractStatus.COMPLETED ? null : after.reason()));
        }
        return events;
    }

    private static CallbackEventType signerEnded(SignerStatus status) {
        return switch (status) {
            case SIGNED -> CallbackEventType.SIGNER_SIGNED;
            case REJECTED -> CallbackEventType.SIGNER_REJECTED;
            case EXPIRED -> CallbackEventType.SIGNER_EXPIRED;
            default -> null;
        };
    }

    private static CallbackEventType contractEnded(ContractStatus status) {
        return switch (status) {
            case COMPLETED -> CallbackEventType.CONTRACT_COMPLETED;
            case REJECTED -> CallbackEventType.CONTRACT_REJECTED;
            case EXPIRED -> CallbackEventType.CONTRACT_EXPIRED;
            case CANCELLED -> CallbackEventType.CONTRACT_CANCELLED;
            case FAILED -> CallbackEventType.CONTRACT_FAILED;
            case ACTIVE -> throw new IllegalArgumentException("ACTIVE is not an end");
        };
    }
}
