package dev.watchdog.testapps.isolation;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.Calls;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.CodeSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An application that carries its own copies of the libraries the agent uses (byte-buddy,
 * failsafe, oshi-core with JNA, tinylog with its own {@code tinylog.properties}), at other versions.
 * It uses each of them, then calls a URL until the agent rejects a call (or the time is up).
 *
 * <p>The libraries are reached by reflection so that test-apps compiles without them: the class
 * path the test gives this app decides which copies it runs with. Prints
 * {@code LIB <name> <jar> <implementation version>} per library, {@code CPUS <n>} (oshi),
 * {@code BREAKER open=<bool>} (failsafe), {@code GENERATED <class>} (byte-buddy), a log line in the
 * app's tinylog format, {@code CALL ...} lines (see {@link Calls}) and {@code DONE}.
 *
 * <p>Usage: {@code IsolationApp <url> <maxSeconds>}
 */
public final class IsolationApp {

    private IsolationApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: IsolationApp <url> <maxSeconds>");
            System.exit(2);
        }
        printLibrary("byte-buddy", "net.bytebuddy.ByteBuddy");
        printLibrary("failsafe", "dev.failsafe.CircuitBreaker");
        printLibrary("oshi-core", "oshi.SystemInfo");
        printLibrary("jna", "com.sun.jna.Native");
        printLibrary("tinylog-api", "org.tinylog.Logger");
        printLibrary("tinylog-impl", "org.tinylog.core.TinylogLoggingProvider");

        Class<?> logger = Class.forName("org.tinylog.Logger");
        logger.getMethod("info", Object.class).invoke(null, "isolation app logging through its own tinylog");

        Object cpus = Fluent.of(Class.forName("oshi.SystemInfo").getConstructor().newInstance())
                .call("getHardware").call("getProcessor").call("getLogicalProcessorCount").value();
        Calls.print("CPUS " + cpus);

        Fluent breaker = Fluent.statik(Class.forName("dev.failsafe.CircuitBreaker"), "builder")
                .call("withFailureThreshold", new Class<?>[] {int.class}, 1).call("build");
        breaker.call("open");
        Calls.print("BREAKER open=" + breaker.call("isOpen").value());

        Object generated = Fluent.of(Class.forName("net.bytebuddy.ByteBuddy").getConstructor().newInstance())
                .call("subclass", new Class<?>[] {Class.class}, Object.class)
                .call("name", new Class<?>[] {String.class}, "app.generated.Hello")
                .call("make")
                .call("load", new Class<?>[] {ClassLoader.class}, IsolationApp.class.getClassLoader())
                .call("getLoaded").value();
        Calls.print("GENERATED " + ((Class<?>) generated).getName());

        callUntilRejected(URI.create(args[0]), Long.parseLong(args[1]));
        Calls.print("DONE");
    }

    private static void printLibrary(String name, String className) throws ClassNotFoundException {
        Class<?> type = Class.forName(className);
        CodeSource source = type.getProtectionDomain().getCodeSource();
        Calls.print("LIB " + name + " " + (source == null ? "?" : source.getLocation())
                + " " + type.getPackage().getImplementationVersion());
    }

    /** Every 100 ms a GET, until one is rejected by the agent. */
    private static void callUntilRejected(URI uri, long maxSeconds) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        boolean[] rejected = {false};
        while (!rejected[0] && System.nanoTime() < deadline) {
            Calls.timed("send", () -> {
                try {
                    client.send(request, HttpResponse.BodyHandlers.discarding());
                } catch (java.io.IOException e) {
                    rejected[0] = String.valueOf(e.getMessage()).startsWith(CallLine.REJECTION_PREFIX);
                    throw e;
                }
            });
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * A reflective fluent call chain that looks each method up on the declared return type of the
     * previous one (a public interface or class), never on the possibly non-public implementation.
     */
    private record Fluent(Object value, Class<?> type) {

        static Fluent of(Object value) {
            return new Fluent(value, value.getClass());
        }

        static Fluent statik(Class<?> type, String name) throws ReflectiveOperationException {
            Method m = type.getMethod(name);
            return new Fluent(m.invoke(null), m.getReturnType());
        }

        Fluent call(String name) throws ReflectiveOperationException {
            return call(name, new Class<?>[0]);
        }

        Fluent call(String name, Class<?>[] params, Object... args) throws ReflectiveOperationException {
            Method m = type.getMethod(name, params);
            return new Fluent(m.invoke(value, args), m.getReturnType());
        }
    }
}
