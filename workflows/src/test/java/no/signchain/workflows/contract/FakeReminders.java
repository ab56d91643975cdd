package no.signchain.workflows.contract;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import no.signchain.workflows.reminder.ReminderActivities;
import no.signchain.workflows.signing.SignerStep;

/** Notes every reminder: "signer index/actor". */
final class FakeReminders implements ReminderActivities {
    final List<String> sent = new CopyOnWriteArrayList<>();

    @Override
    public void remindSigner(SignerStep step, String reminderId, String actor) {
        sent.add(step.signerIndex() + "/" + actor);
    }
}
