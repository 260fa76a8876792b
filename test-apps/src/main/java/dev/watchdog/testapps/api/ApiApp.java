package dev.watchdog.testapps.api;

import dev.watchdog.api.BreakerState;
import dev.watchdog.api.Watchdog;
import dev.watchdog.testapps.Calls;
import dev.watchdog.testapps.loaders.ChildFirstLoader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain application that uses the optional Java API ({@code dev.watchdog:watchdog-api}) and knows nothing else of
 * the agent. At start it registers, in this order: a health listener that throws on every event, one that sleeps 3 s
 * on every event, a well-behaved one that prints each event; a file listener; {@code watchFile(file)}; a check in code
 * named {@code flag} that passes while {@code flagFile} exists; and, in a web-container-style child-first loader with
 * its own copy of the API, one more health listener ({@link WebappListener}); an overload listener. Then, every period, it connects a raw socket to
 * {@code host:port} ({@code CALL socket ...} lines) and prints what the API answers whenever it changes.
 *
 * <p>Lines: {@code REGISTERED attached=<bool>}; {@code WEBAPP ...} (see {@link WebappListener}); {@code HEALTH <seq> <target> UP|DOWN thread=<name> reason=<reason>};
 * {@code FILE <path> <kind> <sha256> thread=<name>}; {@code OVERLOAD STARTED|ENDED <resource> limit=<source> memory=<%>
 * overloaded=<list> thread=<name>}; {@code ATTACHED <bool>}, {@code ISUP <target> <bool>},
 * {@code BREAKER <state>} on change; {@code COUNTS good=<n> thrower=<n> sleeper=<n> files=<n>} and {@code DONE} at the end.
 *
 * <p>Usage: {@code ApiApp <host:port> <watchedFile> <flagFile> <periodMs> <maxSeconds>}
 */
public final class ApiApp {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final AtomicInteger GOOD = new AtomicInteger();
    private static final AtomicInteger THROWER = new AtomicInteger();
    private static final AtomicInteger SLEEPER = new AtomicInteger();
    private static final AtomicInteger FILES = new AtomicInteger();

    private ApiApp() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: ApiApp <host:port> <watchedFile> <flagFile> <periodMs> <maxSeconds>");
            System.exit(2);
        }
        String hostPort = args[0];
        Path watched = Path.of(args[1]);
        Path flag = Path.of(args[2]);
        int colon = hostPort.lastIndexOf(':');
        InetSocketAddress address = new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));

        Watchdog.onHealthChange(new Thrower());
        Watchdog.onHealthChange(new Sleeper());
        Watchdog.onHealthChange(e -> {
            GOOD.incrementAndGet();
            Calls.print("HEALTH " + SEQ.incrementAndGet() + " " + e.target() + " " + (e.healthy() ? "UP" : "DOWN")
                    + " thread=" + Thread.currentThread().getName() + " reason=" + e.reason());
        });
        Watchdog.onFileChange(e -> {
            FILES.incrementAndGet();
            Calls.print("FILE " + e.path() + " " + e.kind() + " " + e.sha256() + " thread=" + Thread.currentThread().getName());
        });
        Watchdog.onOverload(e -> Calls.print("OVERLOAD " + (e.started() ? "STARTED " : "ENDED ") + e.resource()
                + " limit=" + e.limitSource() + " memory=" + Math.round(e.memoryPercent()) + " overloaded=" + e.overloaded()
                + " thread=" + Thread.currentThread().getName()));
        Watchdog.watchFile(watched);
        Watchdog.registerCheck("flag", () -> Files.exists(flag), "127.0.0.1:1");
        URL[] webappPath = {Watchdog.class.getProtectionDomain().getCodeSource().getLocation(),
                ApiApp.class.getProtectionDomain().getCodeSource().getLocation()};
        ClassLoader webapp = new ChildFirstLoader("webapp", webappPath, ApiApp.class.getClassLoader());
        Class.forName(WebappListener.class.getName(), true, webapp).getMethod("start").invoke(null);
        Calls.print("REGISTERED attached=" + Watchdog.attached());

        String[] shown = new String[4];
        Calls.loop(Long.parseLong(args[3]), Long.parseLong(args[4]), () -> {
            show(shown, 0, "ATTACHED " + Watchdog.attached());
            show(shown, 1, "ISUP db " + Watchdog.isUp("db"));
            show(shown, 2, "ISUP flag " + Watchdog.isUp("flag"));
            BreakerState breaker = Watchdog.breakerState(hostPort);
            show(shown, 3, "BREAKER " + breaker);
            Calls.fork("socket", () -> {
                try (Socket s = new Socket()) {
                    s.connect(address, 2_000);
                }
            });
        });
        Calls.print("COUNTS good=" + GOOD.get() + " thrower=" + THROWER.get() + " sleeper=" + SLEEPER.get()
                + " files=" + FILES.get());
    }

    private static void show(String[] shown, int slot, String line) {
        if (!line.equals(shown[slot])) {
            shown[slot] = line;
            Calls.print(line);
        }
    }

    /** Throws on every event. */
    static final class Thrower implements dev.watchdog.api.HealthListener {
        @Override
        public void changed(dev.watchdog.api.HealthEvent event) {
            THROWER.incrementAndGet();
            throw new IllegalStateException("a listener that always fails");
        }
    }

    /** Takes 3 s over every event (past the agent's budget). */
    static final class Sleeper implements dev.watchdog.api.HealthListener {
        @Override
        public void changed(dev.watchdog.api.HealthEvent event) throws InterruptedException {
            SLEEPER.incrementAndGet();
            Thread.sleep(3_000);
        }
    }
}
