package dev.watchdog.testapps.springboot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.client.RestClient;

/**
 * A Spring Boot application that knows nothing of the agent, run from its executable jar. Every
 * {@code app.period-ms} until {@code app.max-seconds}, on request-like daemon threads, it runs
 * {@code SELECT 1} through a JdbcTemplate over Boot's HikariDataSource (kind {@code jdbc}: a pooled
 * {@code getConnection} and a query) and GETs {@code app.http-url} with Boot's RestClient (kind {@code http}).
 *
 * <p>Output as the other test applications ({@code dev.watchdog.testapps.Calls}, which this jar does not
 * contain): {@code CALL <kind> OK <micros>us} or {@code CALL <kind> FAIL <Name> <micros>us <message>}, where
 * the failure named is the error Spring wrapped in its own exception (the first cause in the chain that is
 * not Spring's: the SQLException, the IOException). Each new chain of exception classes is also printed
 * once, outermost first, with the method that threw the wrapped error:
 * {@code CHAIN <kind> <class> > <cause class> ... at <class>.<method>}. {@code DONE} at the end, then the
 * context is closed and main returns (no System.exit: a non-daemon thread left behind keeps the JVM alive).
 *
 * <p>Usage: {@code java -jar spring-boot-app.jar --spring.datasource.url=<jdbc url> --app.http-url=<url>
 * [--app.period-ms=100] [--app.max-seconds=30]}
 */
@SpringBootApplication
public class SpringBootApp implements CommandLineRunner {

    private final JdbcTemplate jdbc;
    private final RestClient http;
    private final String url;
    private final long periodMs;
    private final long maxSeconds;
    private final Set<String> chains = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "call-" + threads.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    public SpringBootApp(JdbcTemplate jdbc, RestClient.Builder http, @Value("${app.http-url}") String url,
                         @Value("${app.period-ms}") long periodMs, @Value("${app.max-seconds}") long maxSeconds) {
        this.jdbc = jdbc;
        this.http = http.build();
        this.url = url;
        this.periodMs = periodMs;
        this.maxSeconds = maxSeconds;
    }

    public static void main(String[] args) {
        try (ConfigurableApplicationContext context = SpringApplication.run(SpringBootApp.class, args)) {
            // the runner has returned: closing the context closes the pool
        }
    }

    @Override
    public void run(String... args) throws InterruptedException {
        print("APP started loader=" + getClass().getClassLoader().getClass().getName()
                + " datasource=" + jdbc.getDataSource().getClass().getName());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxSeconds);
        long next = System.nanoTime();
        while (System.nanoTime() < deadline) {
            pool.execute(() -> timed("jdbc", () -> jdbc.queryForObject("SELECT 1", Integer.class)));
            pool.execute(() -> timed("http", () -> http.get().uri(url).retrieve().toBodilessEntity()));
            next += TimeUnit.MILLISECONDS.toNanos(periodMs);
            long sleep = Math.min(next, deadline) - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        print("DONE");
    }

    private void timed(String kind, Runnable call) {
        long start = System.nanoTime();
        try {
            call.run();
            print("CALL " + kind + " OK " + micros(start) + "us");
        } catch (RuntimeException e) {
            long micros = micros(start);
            List<Throwable> chain = new ArrayList<>();
            for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
                chain.add(t);
            }
            // the error Spring wrapped: the first cause that is not Spring's own (or Spring's, if none is)
            Throwable wrapped = chain.stream().filter(t -> !t.getClass().getName().startsWith("org.springframework."))
                    .findFirst().orElse(e);
            StackTraceElement[] where = wrapped.getStackTrace();
            String chainLine = chain.stream().map(t -> t.getClass().getName()).collect(Collectors.joining(" > "))
                    + (where.length == 0 ? "" : " at " + where[0].getClassName() + "." + where[0].getMethodName());
            if (chains.add(kind + " " + chainLine)) {
                print("CHAIN " + kind + " " + chainLine);
            }
            print("CALL " + kind + " FAIL " + wrapped.getClass().getSimpleName() + " " + micros + "us "
                    + firstLine(wrapped.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    private static long micros(long startNanos) {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
    }

    /** println on System.out is synchronized: lines from concurrent calls never interleave. */
    private static void print(String line) {
        System.out.println(line);
    }
}
