package no.signchain.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Everything logged while a test runs, every logger and thread, as the text an operator would read: messages, and
 * the messages and frames of what was thrown. Register with {@code @RegisterExtension}.
 */
final class LogCapture implements BeforeEachCallback, AfterEachCallback {

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    @Override
    public void beforeEach(ExtensionContext context) {
        appender.list.clear();
        appender.start();
        root().addAppender(appender);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        root().detachAppender(appender);
        appender.stop();
    }

    /** The events so far, as logged (with their MDC). */
    List<ILoggingEvent> events() {
        return List.copyOf(appender.list);
    }

    /** The log so far, one entry a line. */
    String text() {
        StringBuilder text = new StringBuilder();
        for (ILoggingEvent event : List.copyOf(appender.list)) {
            text.append(event.getLevel())
                    .append(' ')
                    .append(event.getLoggerName())
                    .append(' ')
                    .append(event.getFormattedMessage())
                    .append('\n');
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.append(t.getClassName())
                        .append(": ")
                        .append(t.getMessage())
                        .append('\n');
                for (StackTraceElementProxy frame : t.getStackTraceElementProxyArray()) {
                    text.append("  ").append(frame.getSTEAsString()).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
