package no.signchain.activities.reminder;

/** Sends a reminder e-mail to a signer; where no SMTP server is configured there is none, and reminders go by callback only. */
public interface ReminderMail {

    /**
     * @param to           the signer's address
     * @param signerName   how to greet them
     * @param title        the contract's title
     * @param signatureUrl where they sign
     */
    void send(String to, String signerName, String title, String signatureUrl);
}
