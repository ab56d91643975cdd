package no.signchain.worker.reminder;

import no.signchain.activities.reminder.ReminderActivitiesImpl;
import no.signchain.activities.reminder.ReminderMail;
import no.signchain.store.audit.Reminders;
import no.signchain.store.contract.ContractRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;

/** Reminders: by callback always, by e-mail where an SMTP server is configured ({@code spring.mail.host}). */
@Configuration(proxyBeanMethods = false)
public class ReminderConfiguration {

    @Bean
    ReminderActivitiesImpl reminderActivities(
            ContractRepository contracts,
            Reminders reminders,
            ObjectProvider<JavaMailSender> smtp,
            @Value("${signchain.reminders.from}") String from) {
        JavaMailSender sender = smtp.getIfAvailable();
        ReminderMail mail = sender == null ? null : new SmtpReminderMail(sender, from);
        return new ReminderActivitiesImpl(contracts, reminders, mail);
    }
}
