package no.signchain.store.contract;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import no.signchain.protection.SealedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Brings every stored signer's personal data under the active key: rows from before encryption (migration V8, no
 * keyed hash yet) are encrypted and hashed, and values under another key of the ring are re-encrypted, so an old key
 * can be removed once every process runs with the new one and has started once. Every process runs it at start,
 * after Flyway; it is idempotent, and a row changed meanwhile by another process is left to it (compare-and-set).
 * It is Java rather than SQL because the database must never see the keys or a number in clear.
 */
public class PersonalDataMigration {

    private static final Logger log = LoggerFactory.getLogger(PersonalDataMigration.class);
    private static final int BATCH = 200;

    private static final List<Table> TABLES = List.of(
            new Table("contract_signer", List.of("contract_id", "signer_index")),
            new Table("signer_replacement", List.of("id")));

    private final JdbcClient jdbc;
    private final PersonalData personalData;
    private final String activeKeyId;

    public PersonalDataMigration(DataSource dataSource, PersonalData personalData, String activeKeyId) {
        this.jdbc = JdbcClient.create(dataSource);
        this.personalData = personalData;
        this.activeKeyId = activeKeyId;
    }

    /** @return how many rows it changed */
    public int run() {
        int changed = 0;
        for (Table table : TABLES) {
            changed += run(table);
        }
        return changed;
    }

    private int run(Table table) {
        String keys = String.join(", ", table.keyColumns());
        String placeholders =
                String.join(", ", table.keyColumns().stream().map(c -> "?").toList());
        String prefix = "enc1:" + activeKeyId + ":%";
        List<Object> after = null;
        int changed = 0;
        int unreadable = 0;
        while (true) {
            List<Object> params = new ArrayList<>(List.of(prefix, prefix, prefix));
            String from = "";
            if (after != null) {
                from = " and (" + keys + ") > (" + placeholders + ")";
                params.addAll(after);
            }
            params.add(BATCH);
            List<Row> rows = jdbc.sql("select " + keys
                            + ", contract_id as owner_contract, signer_index as owner_index, national_id, email, mobile"
                            + " from " + table.name()
                            + " where national_id is not null" // erased: nothing left to encrypt
                            + " and (national_id_hash is null or national_id not like ?"
                            + " or email not like ? or mobile not like ?)" + from
                            + " order by " + keys + " limit ?")
                    .params(params)
                    .query((rs, n) -> row(rs, table))
                    .list();
            for (Row row : rows) {
                try {
                    changed += update(table, row);
                } catch (IllegalStateException unreadableRow) {
                    unreadable++;
                }
            }
            if (rows.size() < BATCH) {
                break;
            }
            after = rows.get(rows.size() - 1).key();
        }
        if (changed > 0) {
            log.info(
                    "Encrypted the personal data of {} row(s) of {} under key '{}'",
                    changed,
                    table.name(),
                    activeKeyId);
        }
        if (unreadable > 0) {
            log.error(
                    "{} row(s) of {} hold personal data that cannot be decrypted (a key missing from the key ring, or"
                            + " tampered): their contracts cannot proceed until the key is configured again",
                    unreadable,
                    table.name());
        }
        return changed;
    }

    private int update(Table table, Row row) {
        String contractId = row.contractId();
        int index = row.signerIndex();
        NationalId nationalId = SealedText.isSealed(row.nationalId())
                ? personalData.openNationalId(contractId, index, row.nationalId())
                : NationalId.ofStored(row.nationalId());
        String email = plain(PersonalData.EMAIL, contractId, index, row.email());
        String mobile = plain(PersonalData.MOBILE, contractId, index, row.mobile());
        List<Object> params = new ArrayList<>(List.of(
                personalData.sealNationalId(contractId, index, nationalId),
                personalData.hash(nationalId),
                nullable(personalData.seal(PersonalData.EMAIL, contractId, index, email)),
                nullable(personalData.seal(PersonalData.MOBILE, contractId, index, mobile))));
        params.addAll(row.key());
        params.add(row.nationalId());
        params.add(nullable(row.email()));
        params.add(nullable(row.mobile()));
        String where = String.join(
                " and ", table.keyColumns().stream().map(c -> c + " = ?").toList());
        return jdbc.sql("update " + table.name()
                        + " set national_id = ?, national_id_hash = ?, email = ?, mobile = ? where " + where
                        + " and national_id = ? and email is not distinct from ? and mobile is not distinct from ?")
                .params(params)
                .update();
    }

    private String plain(String kind, String contractId, int index, String stored) {
        return SealedText.isSealed(stored) ? personalData.open(kind, contractId, index, stored) : stored;
    }

    /** A typed null, so that the driver knows the parameter is text. */
    private static Object nullable(String value) {
        return value != null ? value : new SqlParameterValue(Types.VARCHAR, null);
    }

    private static Row row(ResultSet rs, Table table) throws SQLException {
        List<Object> key = new ArrayList<>();
        for (String column : table.keyColumns()) {
            key.add(rs.getObject(column));
        }
        return new Row(
                key,
                rs.getObject("owner_contract", UUID.class).toString(),
                rs.getInt("owner_index"),
                rs.getString("national_id"),
                rs.getString("email"),
                rs.getString("mobile"));
    }

    private record Table(String name, List<String> keyColumns) {}

    private record Row(
            List<Object> key, String contractId, int signerIndex, String nationalId, String email, String mobile) {}
}
