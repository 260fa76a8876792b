package dev.watchdog.testapps.demo;

import dev.watchdog.testapps.CallLine;
import dev.watchdog.testapps.HttpApp;
import dev.watchdog.testapps.JdbcApp;
import dev.watchdog.testapps.net.H2TcpServer;
import dev.watchdog.testapps.net.SwitchableHttpServer;
import dev.watchdog.testapps.net.TcpProxy;
import dev.watchdog.testapps.process.ChildJvm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The demo: a real H2 server and a real HTTP server, each behind a switchable proxy in this JVM,
 * and JdbcApp and HttpApp running with the agent in child JVMs. The phases break and heal each
 * server in turn and summarise what the applications saw.
 *
 * <p>Usage: {@code Demo <path of watchdog-agent.jar>} (see demo.sh).
 */
public final class Demo {

    private static final long PERIOD_MS = 500;
    private static final Duration HEALTHY = Duration.ofSeconds(5);
    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration BACK = Duration.ofSeconds(5);
    /** Long enough for both children to start and all phases to pass; they print DONE and exit then. */
    private static final long APP_SECONDS = 38;
    /** Only a readiness gate: the end-to-end tests, not the demo, hold the agent to its exact line format. */
    private static final Pattern AGENT_STARTED = Pattern.compile("^\\S+ watchdog INFO agent\\b.*\\bstarted\\b");
    /** The agent's lines: its time, then {@code watchdog}. */
    private static final Pattern AGENT_LINE = Pattern.compile("^\\S+ watchdog ");

    /** A running application and the name its output is prefixed with. */
    private record App(String name, ChildJvm jvm) {
    }

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Demo <path of watchdog-agent.jar>");
            System.exit(2);
        }
        Path agentJar = Path.of(args[0]).toAbsolutePath();
        Path dir = Files.createTempDirectory("watchdog-demo");
        try (H2TcpServer h2 = H2TcpServer.start(); TcpProxy db = new TcpProxy(h2.port());
             SwitchableHttpServer http = SwitchableHttpServer.start(); TcpProxy web = new TcpProxy(http.port())) {
            String dbUrl = H2TcpServer.url(db.port(), "demo");
            String webUrl = "http://" + web.hostPort();
            say("database " + dbUrl + " (H2 on port " + h2.port() + " behind a proxy on " + db.port() + ")");
            say("web      " + webUrl + "/api (JDK HttpServer on port " + http.port() + " behind a proxy on " + web.port() + ")");

            Path dbConfig = config(dir, "jdbc-app", "db", H2TcpServer.url(db.port(), "health"));
            Path webConfig = config(dir, "http-app", "web", webUrl + "/health");
            try (ChildJvm jdbcJvm = start(JdbcApp.class, "jdbc-app", agentJar, dbConfig, dbUrl, "sa", "", PERIOD_MS, APP_SECONDS);
                 ChildJvm httpJvm = start(HttpApp.class, "http-app", agentJar, webConfig, webUrl + "/api", PERIOD_MS, APP_SECONDS)) {
                App jdbcApp = new App("jdbc-app", jdbcJvm);
                App httpApp = new App("http-app", httpJvm);
                for (ChildJvm app : List.of(jdbcJvm, httpJvm)) {
                    // without the agent there is nothing to show: stop rather than narrate a demo that is not happening
                    app.awaitLine(ChildJvm.Stream.STDERR, AGENT_STARTED, 0, Duration.ofSeconds(20));
                }

                phase("phase 1: healthy", HEALTHY, jdbcApp, httpApp);
                db.blackhole();
                phase("phase 2: database blackholed (accepts, never answers)", OUTAGE, jdbcApp);
                db.forward();
                phase("phase 3: database back", BACK, jdbcApp);
                web.refuse();
                phase("phase 4: web server refusing connections", OUTAGE, httpApp);
                web.forward();
                phase("phase 5: web server back", BACK, httpApp);

                say("waiting for the applications to finish (they print DONE)");
                for (ChildJvm app : List.of(jdbcJvm, httpJvm)) {
                    app.awaitExit(Duration.ofSeconds(APP_SECONDS));
                }
            }
        }
        say("demo finished; the agent's configuration files are in " + dir);
    }

    private static Path config(Path dir, String app, String target, String check) throws IOException {
        String text = String.join("\n",
                "# " + app + ": one target, checked every 500 ms",
                "watchdog.health.interval=500ms",
                "watchdog.health.timeout=300ms",
                "watchdog.health.unhealthy-threshold=1",
                "watchdog.health.healthy-threshold=1",
                "watchdog.target." + target + ".check=" + check,
                "");
        return Files.writeString(dir.resolve(app + ".properties"), text);
    }

    private static ChildJvm start(Class<?> main, String name, Path agentJar, Path config, Object... args) throws IOException {
        return ChildJvm.builder(main.getName()).agent(agentJar, config).args(args)
                .echo(line -> System.out.println("[" + name + "] " + line),
                        line -> System.out.println((AGENT_LINE.matcher(line).find() ? "[agent] " : "[" + name + ":stderr] ") + line))
                .start();
    }

    /** Announces a phase, lets it run, then sums up what each application saw during it. */
    private static void phase(String title, Duration length, App... apps) throws InterruptedException {
        say(title);
        long from = System.nanoTime();
        Thread.sleep(length.toMillis());
        long to = System.nanoTime();
        for (App app : apps) {
            summary(app, from, to);
        }
    }

    private static void summary(App app, long from, long to) {
        List<CallLine> calls = app.jvm().stdout().stream().filter(l -> l.nanos() >= from && l.nanos() < to)
                .map(CallLine::parse).flatMap(Optional::stream).toList();
        List<Long> rejected = calls.stream().filter(CallLine::isRejection).map(CallLine::micros).sorted().toList();
        List<Long> failed = calls.stream().filter(c -> !c.ok() && !c.isRejection()).map(CallLine::micros).sorted().toList();
        long ok = calls.stream().filter(CallLine::ok).count();
        StringBuilder b = new StringBuilder(app.name()).append(": ").append(ok).append(" ok");
        if (!rejected.isEmpty()) {
            b.append(", ").append(rejected.size()).append(" failed fast by the agent (median ")
                    .append(rejected.get(rejected.size() / 2)).append("us, max ").append(rejected.get(rejected.size() - 1)).append("us)");
        }
        if (!failed.isEmpty()) {
            b.append(", ").append(failed.size()).append(" failed the slow way, timeouts or errors (max ")
                    .append(failed.get(failed.size() - 1) / 1000).append("ms)");
        }
        say("  " + b);
    }

    private static void say(String text) {
        System.out.println("=== " + text);
    }
}
