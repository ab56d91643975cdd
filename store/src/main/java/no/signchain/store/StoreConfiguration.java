package no.signchain.store;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import no.signchain.protection.Aead;
import no.signchain.protection.KeyRing;
import no.signchain.protection.KeyedHash;
import no.signchain.protection.ProtectionConfiguration;
import no.signchain.protection.SealedText;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.audit.Reminders;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.callback.CallbackOutbox;
import no.signchain.store.contract.ContractRepository;
import no.signchain.store.contract.ControlRequests;
import no.signchain.store.contract.PersonalData;
import no.signchain.store.contract.PersonalDataMigration;
import no.signchain.store.contract.SignerReplacements;
import no.signchain.store.document.DocumentVersions;
import no.signchain.store.document.VersionVerifications;
import no.signchain.store.erasure.ContractErasure;
import no.signchain.store.job.ProviderJobs;
import no.signchain.store.metrics.SignchainMetrics;
import no.signchain.store.session.SigningSessionLedger;
import no.signchain.store.webhook.WebhookInbox;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * signchain's own data in PostgreSQL, for every process that reads or writes it (the API and the workers). The
 * schema is Flyway's {@code db/migration} in this module; each process migrates it at start, serialised by Flyway's
 * lock. Signers' personal data is stored encrypted with the keys of {@link ProtectionConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@Import(ProtectionConfiguration.class)
public class StoreConfiguration {

    @Bean
    PersonalData personalData(SealedText text, KeyedHash hash) {
        return new PersonalData(text, hash);
    }

    /**
     * Once every bean is built (so Flyway has migrated): rows still in clear, or under a key other than the active
     * one, are encrypted with the active key.
     */
    @Bean
    SmartInitializingSingleton personalDataMigration(DataSource dataSource, PersonalData personalData, KeyRing keys) {
        return () -> new PersonalDataMigration(dataSource, personalData, keys.activeKeyId()).run();
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ContractRepository contractRepository(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            CallbackEvents callbackEvents,
            ContractEvents audit,
            PersonalData personalData) {
        return new ContractRepository(dataSource, transactions, clock, callbackEvents, audit, personalData);
    }

    @Bean
    CallbackEvents callbackEvents(DataSource dataSource, Clock clock) {
        return new CallbackEvents(dataSource, clock);
    }

    @Bean
    CallbackOutbox callbackOutbox(
            DataSource dataSource, PlatformTransactionManager transactions, Clock clock, ContractEvents audit) {
        return new CallbackOutbox(dataSource, transactions, clock, audit);
    }

    @Bean
    DocumentVersions documentVersions(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            ContractEvents audit,
            Aead aead) {
        return new DocumentVersions(dataSource, transactions, clock, audit, aead);
    }

    @Bean
    ProviderJobs providerJobs(DataSource dataSource, Clock clock) {
        return new ProviderJobs(dataSource, clock);
    }

    /** Into the process's registry (Prometheus in the jars); a registry of its own where there is none. */
    @Bean
    SignchainMetrics signchainMetrics(ObjectProvider<MeterRegistry> registry, DataSource dataSource) {
        MeterRegistry meters = registry.getIfAvailable();
        return meters == null ? SignchainMetrics.none(dataSource) : new SignchainMetrics(meters, dataSource);
    }

    @Bean
    ContractEvents contractEvents(DataSource dataSource, Clock clock, SignchainMetrics metrics) {
        return new ContractEvents(dataSource, clock, metrics);
    }

    @Bean
    SignerReplacements signerReplacements(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            CallbackEvents callbackEvents,
            ContractEvents audit,
            PersonalData personalData) {
        return new SignerReplacements(dataSource, transactions, clock, callbackEvents, audit, personalData);
    }

    @Bean
    ControlRequests controlRequests(
            DataSource dataSource, PlatformTransactionManager transactions, Clock clock, PersonalData personalData) {
        return new ControlRequests(dataSource, transactions, clock, personalData);
    }

    @Bean
    Reminders reminders(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            CallbackEvents callbackEvents,
            ContractEvents audit) {
        return new Reminders(dataSource, transactions, clock, callbackEvents, audit);
    }

    @Bean
    ContractErasure contractErasure(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            CallbackEvents callbackEvents,
            ContractEvents audit) {
        return new ContractErasure(dataSource, transactions, clock, callbackEvents, audit);
    }

    @Bean
    VersionVerifications versionVerifications(DataSource dataSource, Clock clock, ContractEvents audit) {
        return new VersionVerifications(dataSource, clock, audit);
    }

    @Bean
    SigningSessionLedger signingSessionLedger(DataSource dataSource, Clock clock) {
        return new SigningSessionLedger(dataSource, clock);
    }

    @Bean
    WebhookInbox webhookInbox(DataSource dataSource, Clock clock, SignchainMetrics metrics) {
        return new WebhookInbox(dataSource, clock, metrics);
    }
}
