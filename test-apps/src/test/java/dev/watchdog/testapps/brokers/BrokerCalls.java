package dev.watchdog.testapps.brokers;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.process.ChildJvm;
import java.util.List;

/** Reads the call lines of the broker tests: how long the rejected calls of a kind took, for the test's log. */
final class BrokerCalls {

    private BrokerCalls() {
    }

    /** The calls of {@code kind} begun in [from, to]. */
    static List<CallLine> between(ChildJvm child, String kind, long from, long to) {
        return CallLine.all(child).stream()
                .filter(c -> c.kind().equals(kind) && c.startNanos() >= from && c.endNanos() <= to).toList();
    }

    /** {@code <kind>: n=.. median=..us max=..us} of the given calls, printed to the test's output. */
    static String summary(String scenario, String kind, List<CallLine> calls) {
        long[] micros = calls.stream().mapToLong(CallLine::micros).sorted().toArray();
        String line = micros.length == 0
                ? "TIMES " + scenario + " " + kind + ": no calls"
                : "TIMES " + scenario + " " + kind + ": n=" + micros.length + " median=" + micros[micros.length / 2]
                        + "us max=" + micros[micros.length - 1] + "us";
        System.out.println(line);
        return line;
    }
}
