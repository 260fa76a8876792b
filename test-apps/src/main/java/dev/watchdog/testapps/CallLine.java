package dev.watchdog.testapps;

import dev.watchdog.testapps.process.ChildJvm;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One parsed {@code CALL ...} line (see {@link Calls}) of a test application, with the time the reader received it. */
public record CallLine(long endNanos, String kind, boolean ok, String exception, long micros, String message) {

    /** Every rejection's message starts with this, then the host key. */
    public static final String REJECTION_PREFIX = "watchdog: circuit open for ";

    private static final Pattern FORMAT =
            Pattern.compile("^CALL (\\S+) (OK|FAIL) (?:(\\S+) )?(\\d+)us(?: (.*))?$");

    public static Optional<CallLine> parse(ChildJvm.Line line) {
        Matcher m = FORMAT.matcher(line.text());
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean ok = m.group(2).equals("OK");
        return Optional.of(new CallLine(line.nanos(), m.group(1), ok, ok ? null : m.group(3),
                Long.parseLong(m.group(4)), m.group(5) == null ? "" : m.group(5)));
    }

    public static List<CallLine> all(ChildJvm child) {
        return child.stdout().stream().map(CallLine::parse).flatMap(Optional::stream).toList();
    }

    /** When the call began, on the test's clock (its line's arrival less its duration). */
    public long startNanos() {
        return endNanos - micros * 1_000;
    }

    /** Failed with the agent's message, whatever the exception. */
    public boolean isRejection() {
        return !ok && message.startsWith(REJECTION_PREFIX);
    }

    public boolean isRejection(String exceptionName, String hostPort) {
        return !ok && exceptionName.equals(exception) && message.startsWith(REJECTION_PREFIX + hostPort);
    }

    public static Predicate<String> okLine(String kind) {
        return named("CALL " + kind + " OK", text -> parse(new ChildJvm.Line(0, text)).filter(c -> c.kind.equals(kind) && c.ok).isPresent());
    }

    public static Predicate<String> rejectionLine(String kind, String exceptionName, String hostPort) {
        return named("CALL " + kind + " FAIL " + exceptionName + " ... " + REJECTION_PREFIX + hostPort,
                text -> parse(new ChildJvm.Line(0, text))
                        .filter(c -> c.kind.equals(kind) && c.isRejection(exceptionName, hostPort)).isPresent());
    }

    private static Predicate<String> named(String name, Predicate<String> p) {
        return new Predicate<>() {
            @Override
            public boolean test(String s) {
                return p.test(s);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
