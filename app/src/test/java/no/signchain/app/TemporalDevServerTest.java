package no.signchain.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the all-in-one app looks for a Temporal CLI to run a real dev server with, and in which order. */
class TemporalDevServerTest {

    @TempDir
    Path dir;

    @Test
    void theConfiguredPathComesFirstThenThePathThenToolsThenTheNewestCachedBuild() throws IOException {
        Path configured = cli("configured/temporal");
        Path onPath = cli("bin/temporal");
        Path tools = cli("work/.tools/bin/temporal");
        cli("cache/temporal-cli-v1.4.0/temporal");
        Path newest = cli("cache/temporal-cli-v1.5.1/temporal");
        String path = dir.resolve("empty") + File.pathSeparator + dir.resolve("bin");

        assertThat(TemporalDevServer.findCli(configured.toString(), path, dir.resolve("work"), dir.resolve("cache")))
                .contains(configured);
        assertThat(TemporalDevServer.findCli(null, path, dir.resolve("work"), dir.resolve("cache")))
                .contains(onPath);
        assertThat(TemporalDevServer.findCli("", "", dir.resolve("work"), dir.resolve("cache")))
                .contains(tools);
        assertThat(TemporalDevServer.findCli(null, null, dir.resolve("elsewhere"), dir.resolve("cache")))
                .contains(newest);
        assertThat(TemporalDevServer.findCli(null, null, dir.resolve("elsewhere"), dir.resolve("no-cache")))
                .isEmpty();
    }

    @Test
    void aFileThatCannotBeRunIsNoCliAndAConfiguredOneSaysSo() throws IOException {
        Path notExecutable = dir.resolve("bin/temporal");
        Files.createDirectories(notExecutable.getParent());
        Files.writeString(notExecutable, "not a program");

        assertThat(TemporalDevServer.findCli(null, dir.resolve("bin").toString(), dir, dir.resolve("cache")))
                .isEmpty();
        assertThatThrownBy(() -> TemporalDevServer.findCli(notExecutable.toString(), null, dir, dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SIGNCHAIN_TEMPORAL_CLI")
                .hasMessageContaining("not an executable file");
    }

    private Path cli(String relative) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
