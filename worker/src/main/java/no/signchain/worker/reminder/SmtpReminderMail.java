package no.signchain.worker.reminder;

import no.signchain.activities.reminder.ReminderMail;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;

/** Reminder e-mails over the SMTP server in {@code spring.mail.*}. Plain text: the link is the whole message. */
public class SmtpReminderMail implements ReminderMail {

    private final JavaMailSender sender;
    private final String from;

    public SmtpReminderMail(JavaMailSender sender, String from) {
        this.sender = sender;
        this.from = from;
    }

    @Override
    public void send(String to, String signerName, String title, String signatureUrl) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(from);
        message.setTo(to);
        message.setSubject("Reminder: please sign \"" + title + "\"");
        message.setText("Hello " + signerName + ",\n\n"
                + "\"" + title + "\" is waiting for your signature with BankID. Sign here:\n\n"
                + signatureUrl + "\n\n"
                + "This is a reminder from the business that sent you the contract.\n");
        sender.send(message);
    }
}
