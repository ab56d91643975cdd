package no.signchain.store.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.protection.Aead;
import no.signchain.store.Sql;
import no.signchain.store.audit.ContractEvents;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every version of every contract's document, kept in PostgreSQL with its SHA-256 and size, so the final PDF and
 * each intermediate one can be served after the provider has deleted its copies.
 *
 * <p>Bytes move between files and the database as streams of 1 MiB chunks ({@code document_chunk}): a version may be
 * 50 MB, and the JDBC driver materialises a whole bytea value when it reads one. So a process never holds more than a
 * chunk of a version in memory here, whatever the document's size.
 *
 * <p>Each chunk is encrypted ({@link Aead}, bound to its contract, version and place), since a signed PDF carries its
 * signers' identity numbers in their certificates. Chunks stored before that have no key id and are read as stored.
 */
public class DocumentVersions {

    /** Chunk size; the driver holds one chunk (and, while it decodes hex, up to three times that) at a time. */
    static final int CHUNK_BYTES = 1024 * 1024;

    private static final String COLUMNS =
            "contract_id, version, signer_index, content_type, size_bytes, sha256, created_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ContractEvents audit;
    private final Aead aead;

    public DocumentVersions(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            Clock clock,
            ContractEvents audit,
            Aead aead) {
        this.audit = audit;
        this.aead = aead;
        this.jdbc = JdbcClient.create(dataSource);
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * Stores the file as the given version, its row and every chunk in one transaction (or the caller's). Storing a
     * version that exists already keeps the first one and returns it: a retried activity must not create a second
     * copy.
     */
    public DocumentVersionInfo store(DocumentVersionRef ref, Integer signerIndex, String contentType, Path file) {
        String sha256 = sha256Of(file);
        long size = sizeOf(file);
        UUID contractId = UUID.fromString(ref.contractId());
        tx.executeWithoutResult(status -> {
            int inserted = jdbc.sql("""
                            insert into document_version
                                (contract_id, version, signer_index, content_type, size_bytes, sha256, created_at)
                            values (?, ?, ?, ?, ?, ?, ?)
                            on conflict (contract_id, version) do nothing""")
                    .params(contractId, ref.version(), signerIndex, contentType, size, sha256, Sql.ts(clock.instant()))
                    .update();
            if (inserted == 1) {
                insertChunks(contractId, ref.version(), file);
                String detail = "version " + ref.version() + ", " + size + " bytes, sha256 " + sha256;
                if (signerIndex == null) {
                    audit.recordBySubmitter(ref.contractId(), "version.stored", null, detail);
                } else {
                    audit.record(ref.contractId(), "version.stored", "signchain", signerIndex, detail);
                }
            }
        });
        return find(ref).orElseThrow();
    }

    /** A chunk decrypts only in its own place: copied to another contract, version or position it fails. */
    private static String purpose(UUID contractId, int version, int seq) {
        return "document-chunk:" + contractId + ":" + version + ":" + seq;
    }

    private void insertChunks(UUID contractId, int version, Path file) {
        byte[] chunk = new byte[CHUNK_BYTES];
        try (InputStream content = Files.newInputStream(file)) {
            int seq = 0;
            int read;
            while ((read = content.readNBytes(chunk, 0, CHUNK_BYTES)) > 0) {
                Aead.Sealed sealed = aead.encrypt(
                        read == CHUNK_BYTES ? chunk : Arrays.copyOf(chunk, read), purpose(contractId, version, seq));
                jdbc.sql("insert into document_chunk (contract_id, version, seq, key_id, bytes) values (?, ?, ?, ?, ?)")
                        .params(contractId, version, seq++, sealed.keyId(), sealed.nonceAndCiphertext())
                        .update();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<DocumentVersionInfo> find(DocumentVersionRef ref) {
        return jdbc.sql("select " + COLUMNS + " from document_version where contract_id = ? and version = ?")
                .params(UUID.fromString(ref.contractId()), ref.version())
                .query(ROW)
                .optional();
    }

    /** The newest version of the contract's document. */
    public Optional<DocumentVersionInfo> latest(String contractId) {
        return jdbc.sql("select " + COLUMNS
                        + " from document_version where contract_id = ? order by version desc limit 1")
                .param(UUID.fromString(contractId))
                .query(ROW)
                .optional();
    }

    public List<DocumentVersionInfo> all(String contractId) {
        return jdbc.sql("select " + COLUMNS + " from document_version where contract_id = ? order by version")
                .param(UUID.fromString(contractId))
                .query(ROW)
                .list();
    }

    /** Streams the version's bytes to the sink, a chunk at a time; false when there is no such version. */
    public boolean copyTo(DocumentVersionRef ref, OutputStream sink) {
        if (find(ref).isEmpty()) {
            return false;
        }
        UUID contractId = UUID.fromString(ref.contractId());
        try {
            for (int seq = 0; ; seq++) {
                int place = seq;
                Optional<byte[]> chunk = jdbc.sql(
                                "select key_id, bytes from document_chunk where contract_id = ? and version = ? and seq = ?")
                        .params(contractId, ref.version(), seq)
                        .query((rs, n) -> {
                            String keyId = rs.getString("key_id");
                            byte[] bytes = rs.getBytes("bytes");
                            return keyId == null
                                    ? bytes
                                    : aead.decrypt(
                                            new Aead.Sealed(keyId, bytes), purpose(contractId, ref.version(), place));
                        })
                        .optional();
                if (chunk.isEmpty()) {
                    return true;
                }
                sink.write(chunk.get());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the version to a new temporary file, for uploads that must be able to send the body again. */
    public Path exportToTempFile(DocumentVersionRef ref) {
        try {
            Path file = Files.createTempFile("signchain-" + ref.contractId() + "-v" + ref.version() + "-", ".pdf");
            try (OutputStream out = Files.newOutputStream(file)) {
                if (!copyTo(ref, out)) {
                    Files.deleteIfExists(file);
                    throw new IllegalStateException("no stored document version " + ref);
                }
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The hex SHA-256 of a document file, as stored with each version. */
    public static String sha256Of(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final RowMapper<DocumentVersionInfo> ROW = (rs, n) -> new DocumentVersionInfo(
            rs.getObject("contract_id", UUID.class).toString(),
            rs.getInt("version"),
            Sql.nullableInt(rs, "signer_index"),
            rs.getString("content_type"),
            rs.getLong("size_bytes"),
            rs.getString("sha256"),
            Sql.instant(rs, "created_at"));
}
