package dev.watchdog.bench.jmh;

import java.net.ConnectException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** What building the rejection alone costs (with its stack trace, as the advice builds it). */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ExceptionBench {

    public String message = "watchdog: circuit open for 127.0.0.1:5555 (target db is DOWN: Connection refused)";

    @Benchmark
    public Object sqlTransientConnectionException() {
        return new SQLTransientConnectionException(message, "08001");
    }

    @Benchmark
    public Object connectException() {
        return new ConnectException(message);
    }
}
