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
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.store.Sql;
import no.signchain.workflows.contract.DocumentVersionRef;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every version of every contract's document, kept in PostgreSQL with its SHA-256 and size, so the final PDF and
 * each intermediate one can be served after the provider has deleted its copies.
 *
 * <p>Bytes move between files and the database as streams. The PostgreSQL driver still materialises a bytea
 * value in memory when it is read; PDFs of contracts are small enough for that, and the interface would not change
 * if the content moved to large objects or an object store.
 */
public class DocumentVersions {

    private static final String COLUMNS =
            "contract_id, version, signer_index, content_type, size_bytes, sha256, created_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final Clock clock;

    public DocumentVersions(DataSource dataSource, Clock clock) {
        this.jdbc = JdbcClient.create(dataSource);
        this.template = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /**
     * Stores the file as the given version. Storing a version that exists already keeps the first one and returns
     * it: a retried activity must not create a second copy.
     */
    public DocumentVersionInfo store(DocumentVersionRef ref, Integer signerIndex, String contentType, Path file) {
        String sha256 = sha256Of(file);
        long size = sizeOf(file);
        try (InputStream content = Files.newInputStream(file)) {
            template.update("""
                    insert into document_version
                        (contract_id, version, signer_index, content_type, size_bytes, sha256, content, created_at)
                    values (?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (contract_id, version) do nothing""", ps -> {
                ps.setObject(1, UUID.fromString(ref.contractId()));
                ps.setInt(2, ref.version());
                ps.setObject(3, signerIndex);
                ps.setString(4, contentType);
                ps.setLong(5, size);
                ps.setString(6, sha256);
                ps.setBinaryStream(7, content, size);
                ps.setObject(8, Sql.ts(clock.instant()));
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return find(ref).orElseThrow();
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

    /** Streams the version's bytes to the sink; false when there is no such version. */
    public boolean copyTo(DocumentVersionRef ref, OutputStream sink) {
        Boolean found = template.query(
                "select content from document_version where contract_id = ? and version = ?",
                rs -> {
                    if (!rs.next()) {
                        return false;
                    }
                    try (InputStream content = rs.getBinaryStream(1)) {
                        content.transferTo(sink);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return true;
                },
                UUID.fromString(ref.contractId()),
                ref.version());
        return Boolean.TRUE.equals(found);
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
