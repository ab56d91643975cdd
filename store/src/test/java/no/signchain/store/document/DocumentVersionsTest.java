package no.signchain.store.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.protection.Aead;
import no.signchain.store.audit.ContractEvents;
import no.signchain.store.testing.TestPersonalData;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** Document versions in chunks, on a real PostgreSQL: sizes around the chunk size, and versions stored before. */
class DocumentVersionsTest {

    private static final Aead AEAD = TestPersonalData.randomAead();

    private static EmbeddedPostgres postgres;
    private static DataSource dataSource;
    private static DocumentVersions documents;
    private static JdbcClient jdbc;

    @TempDir
    Path dir;

    @BeforeAll
    static void database() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
        dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
        documents = new DocumentVersions(
                dataSource,
                new DataSourceTransactionManager(dataSource),
                Clock.systemUTC(),
                new ContractEvents(dataSource, Clock.systemUTC()),
                AEAD);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterAll
    static void stop() throws IOException {
        postgres.close();
    }

    @ParameterizedTest
    @ValueSource(
            ints = {
                1,
                DocumentVersions.CHUNK_BYTES - 1,
                DocumentVersions.CHUNK_BYTES,
                2 * DocumentVersions.CHUNK_BYTES + 7
            })
    void whatIsStoredIsWhatIsReadBack(int size) throws Exception {
        byte[] content = randomBytes(size);
        DocumentVersionRef ref = DocumentVersionRef.original(newContract());

        DocumentVersionInfo stored = documents.store(ref, null, "application/pdf", write(content));

        assertThat(stored.sizeBytes()).isEqualTo(size);
        assertThat(stored.sha256()).isEqualTo(sha256(content));
        assertThat(read(ref)).isEqualTo(content);
        assertThat(chunks(ref)).isEqualTo((size + DocumentVersions.CHUNK_BYTES - 1) / DocumentVersions.CHUNK_BYTES);
    }

    @Test
    void aVersionStoredTwiceKeepsTheFirst() throws Exception {
        DocumentVersionRef ref = DocumentVersionRef.original(newContract());
        byte[] first = randomBytes(3000);

        documents.store(ref, null, "application/pdf", write(first));
        DocumentVersionInfo again = documents.store(ref, null, "application/pdf", write(randomBytes(5000)));

        assertThat(again.sha256()).isEqualTo(sha256(first));
        assertThat(read(ref)).isEqualTo(first);
    }

    /** A signed PDF carries identity numbers in its certificates: the database holds its bytes encrypted only. */
    @Test
    void theBytesAreEncryptedAtRestAndOnlyInTheirOwnPlace() throws Exception {
        byte[] marker = "serialNumber=PNONO-06046517928".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] content = new byte[DocumentVersions.CHUNK_BYTES + 500];
        System.arraycopy(marker, 0, content, 100, marker.length);
        System.arraycopy(marker, 0, content, DocumentVersions.CHUNK_BYTES + 10, marker.length);
        DocumentVersionRef ref = DocumentVersionRef.original(newContract());
        documents.store(ref, null, "application/pdf", write(content));

        assertThat(jdbc.sql(
                                "select count(*) from document_chunk where position(?::bytea in bytes) > 0 or key_id is null")
                        .param(marker)
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(read(ref)).isEqualTo(content);

        // The second chunk's ciphertext put in the first one's place does not pass for it.
        jdbc.sql("""
                        update document_chunk set bytes = (select bytes from document_chunk
                                                            where contract_id = ?::uuid and version = 0 and seq = 1)
                         where contract_id = ?::uuid and version = 0 and seq = 0""").params(ref.contractId(), ref.contractId()).update();
        assertThatThrownBy(() -> read(ref)).isInstanceOf(Aead.TamperedException.class);
    }

    @Test
    void anUnknownVersionIsNotCopied() {
        assertThat(documents.copyTo(
                        DocumentVersionRef.original(UUID.randomUUID().toString()), new ByteArrayOutputStream()))
                .isFalse();
    }

    /** Versions stored as one bytea value before V3 are moved into chunks by the migration, byte for byte. */
    @Test
    void versionsStoredBeforeChunksAreReadBackWhole() throws Exception {
        EmbeddedPostgres old = EmbeddedPostgres.builder().start();
        try {
            DataSource before = old.getPostgresDatabase();
            Flyway.configure().dataSource(before).target("2").load().migrate();
            String contract = UUID.randomUUID().toString();
            byte[] content = randomBytes(DocumentVersions.CHUNK_BYTES * 2 + 123);
            JdbcClient.create(before).sql("""
                            insert into contract (id, title, status, phase, signer_count, created_at, updated_at)
                            values (?::uuid, 'Old', 'ACTIVE', 'OPENING_SESSION', 1, now(), now())""").param(contract).update();
            JdbcClient.create(before)
                    .sql("""
                            insert into document_version
                                (contract_id, version, content_type, size_bytes, sha256, content, created_at)
                            values (?::uuid, 0, 'application/pdf', ?, ?, ?, now())""")
                    .params(contract, content.length, sha256(content), content)
                    .update();

            Flyway.configure().dataSource(before).load().migrate();

            DocumentVersions migrated = new DocumentVersions(
                    before,
                    new DataSourceTransactionManager(before),
                    Clock.systemUTC(),
                    new ContractEvents(before, Clock.systemUTC()),
                    AEAD);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(migrated.copyTo(DocumentVersionRef.original(contract), out))
                    .isTrue();
            assertThat(out.toByteArray()).isEqualTo(content);
        } finally {
            old.close();
        }
    }

    private String newContract() {
        String id = UUID.randomUUID().toString();
        jdbc.sql("""
                        insert into contract (id, owner, title, status, phase, signer_count, created_at, updated_at)
                        values (?::uuid, 'client-1', 'Test', 'ACTIVE', 'OPENING_SESSION', 1, now(), now())""").param(id).update();
        return id;
    }

    private int chunks(DocumentVersionRef ref) {
        return jdbc.sql("select count(*) from document_chunk where contract_id = ?::uuid and version = ?")
                .params(ref.contractId(), ref.version())
                .query(Integer.class)
                .single();
    }

    private byte[] read(DocumentVersionRef ref) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(documents.copyTo(ref, out)).isTrue();
        return out.toByteArray();
    }

    private Path write(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "version-", ".pdf"), content);
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
