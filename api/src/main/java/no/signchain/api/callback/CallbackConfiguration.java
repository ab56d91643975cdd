package no.signchain.api.callback;

import java.time.Clock;
import no.signchain.store.callback.CallbackOutbox;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Callbacks to business systems: their secrets, the target rules, and the sender. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CallbackProperties.class)
class CallbackConfiguration {

    @Bean
    CallbackTargets callbackTargets(CallbackProperties settings) {
        CallbackTargets targets = new CallbackTargets(settings.allowLoopback());
        for (int i = 0; i < settings.subscriptions().size(); i++) {
            int index = i;
            targets.problemWithSubscription(settings.subscriptions().get(i)).ifPresent(problem -> {
                throw new IllegalArgumentException("signchain.callbacks.subscriptions[" + index + "] " + problem);
            });
        }
        return targets;
    }

    @Bean
    CallbackSigning callbackSigning(CallbackProperties settings) {
        return CallbackSigning.from(settings);
    }

    @Bean
    CallbackUrlCheck callbackUrlCheck(CallbackSigning signing, CallbackTargets targets) {
        return new CallbackUrlCheck(signing, targets);
    }

    @Bean
    CallbackSender callbackSender(
            CallbackOutbox outbox,
            CallbackSigning signing,
            CallbackTargets targets,
            CallbackProperties settings,
            PlatformTransactionManager transactions,
            Clock clock) {
        return new CallbackSender(outbox, signing, targets, settings, transactions, clock);
    }
}
