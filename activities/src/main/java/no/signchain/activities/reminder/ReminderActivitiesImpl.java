package no.signchain.activities.reminder;

import no.signchain.store.audit.Reminders;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.SignerRecord;
import no.signchain.workflows.reminder.ReminderActivities;
import no.signchain.workflows.signing.SignerStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reminds the signer whose session is open: an e-mail where they have an address and SMTP is configured, a
 * {@code signer.reminder_due} callback for the business system, and an entry in the audit trail. Sent once per
 * reminder id: a retry after the reminder was noted sends nothing; a retry after a crash between the e-mail and the
 * note sends the e-mail again (at least once, never silently lost).
 */
public class ReminderActivitiesImpl implements ReminderActivities {

    private static final Logger log = LoggerFactory.getLogger(ReminderActivitiesImpl.class);

    private final ContractRepository contracts;
    private final Reminders reminders;
    private final ReminderMail mail;

    /** @param mail null when no SMTP server is configured */
    public ReminderActivitiesImpl(ContractRepository contracts, Reminders reminders, ReminderMail mail) {
        this.contracts = contracts;
        this.reminders = reminders;
        this.mail = mail;
    }

    @Override
    public void remindSigner(SignerStep step, String reminderId, String actor) {
        if (reminders.wasSent(reminderId)) {
            return;
        }
        SignerRecord signer = contracts.signer(step.contractId(), step.signerIndex());
        boolean emailed = false;
        if (mail != null && signer.email() != null && signer.signatureUrl() != null) {
            mail.send(signer.email(), signer.name(), contracts.title(step.contractId()), signer.signatureUrl());
            emailed = true;
        }
        reminders.noteSent(new Reminders.SentReminder(
                reminderId,
                step.contractId(),
                step.signerIndex(),
                signer.name(),
                signer.signatureUrl(),
                actor,
                emailed));
        log.info(
                "Reminded signer {} of contract {} ({}){}",
                step.signerIndex(),
                step.contractId(),
                actor,
                emailed ? ", by e-mail too" : "");
    }
}
