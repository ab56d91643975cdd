package no.signchain.store.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/** An embedded PostgreSQL with every signchain migration applied, for tests of the store and the code above it. */
public final class MigratedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final DataSource dataSource;

    private MigratedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    public static MigratedDatabase start() throws IOException {
        return new MigratedDatabase(EmbeddedPostgres.builder().start());
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public DataSourceTransactionManager transactions() {
        return new DataSourceTransactionManager(dataSource);
    }

    public JdbcClient jdbc() {
        return JdbcClient.create(dataSource);
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
