package no.signchain.store.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.protection.Aead;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.callback.CallbackEvents;
import no.signchain.store.testing.MutableClock;
import no.signchain.store.testing.TestPersonalData;
import no.signchain.workflows.contract.ReminderSchedule;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Signers' national identity numbers, e-mail addresses and phone numbers on a real PostgreSQL: encrypted in every
 * table, read back in clear through the store, found by their keyed hash, and brought under a new key on rotation.
 * Rows from before encryption (written with V6's schema) are encrypted by {@link PersonalDataMigration}.
 */
class PersonalDataAtRestTest {

    private static final String[] NINS = {"06046517928", "11920287974", "12829025475"};
    private static final String REPLACEMENT_NIN = "20872329758";
    private static final String LEGACY_NIN = "15059012387";
    private static final String HASH_KEY = TestPersonalData.randomKey();
    private static final String KEY_OLD = TestPersonalData.randomKey();
    private static final String KEY_NEW = TestPersonalData.randomKey();
    private static final UUID LEGACY_CONTRACT = UUID.randomUUID();

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static JdbcClient jdbc;

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        jdbc = JdbcClient.create(dataSource);
        // A database from before encryption, with a contract in it, then migrated.
        Flyway.configure().dataSource(dataSource).target("6").load().migrate();
        jdbc.sql("""
                insert into contract (id, title, status, phase, signer_count, created_at, updated_at)
                values (?, 'Legacy', 'ACTIVE', 'WAITING_FOR_SIGNER', 1, now(), now())""").param(LEGACY_CONTRACT).update();
        jdbc.sql("""
                insert into contract_signer (contract_id, signer_index, name, national_id, email, mobile, status)
                values (?, 1, 'Legacy Person', ?, 'legacy@example.no', '+47 99 88 77 66', 'READY')""").params(LEGACY_CONTRACT, LEGACY_NIN).update();
        jdbc.sql("""
                insert into signer_replacement (id, contract_id, signer_index, name, national_id, requested_by,
                                                requested_at)
                values (?, ?, 1, 'Legacy Replacement', ?, 'api', now())""").params(UUID.randomUUID(), LEGACY_CONTRACT, "41016000173").update();
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @Test
    void noTableHoldsAnIdentityNumberEmailOrPhoneInClearAndTheStoreReadsThemBack() {
        PersonalData oldKey = TestPersonalData.with(Map.of("old", KEY_OLD), "old", HASH_KEY);
        assertThat(everyRow())
                .as("before the migration, the legacy rows are in clear")
                .contains(LEGACY_NIN);
        assertThat(new PersonalDataMigration(dataSource, oldKey, "old").run()).isEqualTo(2);
        assertThat(new PersonalDataMigration(dataSource, oldKey, "old").run()).isZero();

        ContractRepository contracts = repository(oldKey);
        String id = UUID.randomUUID().toString();
        List<NewSigner> signers = List.of(
                new NewSigner("Aksel Herseth", NationalId.parse(NINS[0]), "aksel@example.no", "+47 900 11 222", null),
                new NewSigner("Ole Bramserud", NationalId.parse(NINS[1]), "ole@example.no", "91234567", null),
                new NewSigner("Sanna Hansen", NationalId.parse(NINS[2]), null, null, null));
        contracts.insert(
                id, new NewContract("client-a", "Lease", "ref-1", null, signers, null, ReminderSchedule.NONE), "sha");
        SignerReplacements replacements = replacements(oldKey);
        String replacement = replacements.propose(
                id,
                2,
                new NewSigner(
                        "Kari Nordmann", NationalId.parse(REPLACEMENT_NIN), "kari@example.no", "+4740000000", null),
                "api");
        assertThat(replacements.apply(id, 2, replacement)).isTrue();

        String everything = everyRow();
        for (String secret : List.of(
                NINS[0],
                NINS[1],
                NINS[2],
                REPLACEMENT_NIN,
                LEGACY_NIN,
                "41016000173",
                "aksel@example.no",
                "ole@example.no",
                "kari@example.no",
                "legacy@example.no",
                "900 11 222",
                "91234567",
                "4740000000",
                "99 88 77 66")) {
            assertThat(everything).as("every row of every table").doesNotContain(secret);
        }
        // The check sees what is there: names (not in scope) and ciphertext.
        assertThat(everything).contains("enc1:old:").contains("Aksel Herseth");

        ContractRecord stored = contracts.find(id).orElseThrow();
        assertThat(stored.signers())
                .extracting(s -> s.nationalId().digits())
                .containsExactly(NINS[0], REPLACEMENT_NIN, NINS[2]);
        assertThat(stored.signers())
                .extracting(SignerRecord::email)
                .containsExactly("aksel@example.no", "kari@example.no", null);
        assertThat(contracts.signer(id, 1).mobile()).isEqualTo("+47 900 11 222");
        SignerRecord legacy = contracts.signer(LEGACY_CONTRACT.toString(), 1);
        assertThat(legacy.nationalId().digits()).isEqualTo(LEGACY_NIN);
        assertThat(legacy.email()).isEqualTo("legacy@example.no");
        assertThat(legacy.mobile()).isEqualTo("+47 99 88 77 66");

        // Equality lookups by keyed hash: the replaced person is gone, the replacement is signer 2.
        assertThat(contracts.signerIndexesOf(id, NationalId.parse(REPLACEMENT_NIN)))
                .containsExactly(2);
        assertThat(contracts.signerIndexesOf(id, NationalId.parse(NINS[1]))).isEmpty();
        assertThat(contracts.signerIndexesOf(LEGACY_CONTRACT.toString(), NationalId.parse(LEGACY_NIN)))
                .containsExactly(1);

        // An encrypted number copied onto another signer's row does not pass for theirs: it fails to decrypt.
        jdbc.sql(
                        "update contract_signer set national_id = (select national_id from contract_signer"
                                + " where contract_id = ?::uuid and signer_index = 1) where contract_id = ?::uuid and signer_index = 3")
                .params(id, id)
                .update();
        assertThatThrownBy(() -> contracts.signer(id, 3)).isInstanceOf(Aead.TamperedException.class);
        jdbc.sql("update contract_signer set national_id = ? where contract_id = ?::uuid and signer_index = 3")
                .params(oldKey.sealNationalId(id, 3, NationalId.parse(NINS[2])), id)
                .update();
        assertThat(contracts.signer(id, 3).nationalId().digits()).isEqualTo(NINS[2]);

        // Rotation: a new active key; the migration re-encrypts every row, after which the old key can go.
        PersonalData both = TestPersonalData.with(Map.of("old", KEY_OLD, "new", KEY_NEW), "new", HASH_KEY);
        assertThat(new PersonalDataMigration(dataSource, both, "new").run()).isEqualTo(6);
        assertThat(new PersonalDataMigration(dataSource, both, "new").run()).isZero();
        assertThat(everyRow()).doesNotContain("enc1:old:").contains("enc1:new:");
        PersonalData newOnly = TestPersonalData.with(Map.of("new", KEY_NEW), "new", HASH_KEY);
        assertThat(repository(newOnly).signer(id, 2).nationalId().digits()).isEqualTo(REPLACEMENT_NIN);
        assertThat(repository(newOnly).signerIndexesOf(id, NationalId.parse(NINS[0])))
                .containsExactly(1);
    }

    /** Every row of every table in signchain's schema, as JSON text. */
    private static String everyRow() {
        List<String> tables = jdbc.sql("select table_name from information_schema.tables"
                        + " where table_schema = 'public' and table_type = 'BASE TABLE'")
                .query(String.class)
                .list();
        assertThat(tables).contains("contract_signer", "signer_replacement", "contract_event", "callback_event");
        StringBuilder all = new StringBuilder();
        for (String table : tables) {
            jdbc.sql("select row_to_json(t)::text from \"" + table + "\" t")
                    .query(String.class)
                    .list()
                    .forEach(row -> all.append(row).append('\n'));
        }
        return all.toString();
    }

    private static ContractRepository repository(PersonalData personalData) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        return new ContractRepository(
                dataSource,
                new DataSourceTransactionManager(dataSource),
                clock,
                new CallbackEvents(dataSource, clock),
                new ContractEvents(dataSource, clock),
                personalData);
    }

    private static SignerReplacements replacements(PersonalData personalData) {
        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        return new SignerReplacements(
                dataSource,
                new DataSourceTransactionManager(dataSource),
                clock,
                new CallbackEvents(dataSource, clock),
                new ContractEvents(dataSource, clock),
                personalData);
    }
}
