package dev.watchdog.premain;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.util.jar.JarFile;

/**
 * The agent's entry point, loaded by the system class loader. It does the minimum: hands over to a
 * daemon thread, which makes the gate visible to the bootstrap class loader, creates the isolated
 * agent class loader and starts the agent. Everything heavy happens there, never on the application's main
 * thread, and nothing escapes from here: the application starts whatever happens to the agent.
 */
public final class WatchdogPremain {

    private static final String AGENT_CLASS = "dev.watchdog.agent.Agent";
    /** System.nanoTime() when premain returned: its cost to the application's main thread ends there. */
    private static volatile long returned;

    /** Guards the one creation of the bootstrap classes and the agent loader, by the init thread or a hook. */
    private static final Object LOADER_LOCK = new Object();
    private static boolean loaderTried;
    /** null when another agent in this JVM defined the gate first, or when creating it failed */
    private static AgentClassLoader agentLoader;
    private static Throwable loaderFailure;

    private WatchdogPremain() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** {@code java -jar watchdog-agent.jar <command>}: the command line runs inside the isolated loader too. */
    public static void main(String[] args) throws Throwable {
        AgentClassLoader loader = new AgentClassLoader(agentJar());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> cli = loader.loadClass("dev.watchdog.agent.cli.Cli");
        Method main = cli.getMethod("main", String[].class);
        main.invoke(null, (Object) args);
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        long started = System.nanoTime();
        try {
            // a named class, not a lambda: the first lambda in a JVM spins up invokedynamic on this (main) thread
            // Spring Boot's start and Resilience4j's registries must be seen as they happen: a name compare per class
            boolean hooked = !attached && HookTransformer.librariesOnClassPath(System.getProperty("java.class.path"));
            if (hooked) {
                inst.addTransformer(new HookTransformer(inst));
            }
            Thread init = new Thread(new Init(inst, args, attached, hooked, started), "watchdog-init");
            init.setDaemon(true);
            init.start();
        } catch (Throwable e) {
            stderr("ERROR", "failed to start and is disabled: " + rootCause(e));
        } finally {
            returned = System.nanoTime();
        }
    }

    /**
     * Runs on the {@code watchdog-init} daemon thread: defines the gate to the bootstrap loader, creates
     * the agent's loader and starts the agent. None of it can wait for the application: advice that
     * calls the gate only exists once the agent installs it, after the gate is defined.
     */
    private static final class Init implements Runnable {
        private final Instrumentation inst;
        private final String args;
        private final boolean attached;
        /** whether premain registered the hooks already */
        private final boolean hooked;
        private final long started;

        Init(Instrumentation inst, String args, boolean attached, boolean hooked, long started) {
            this.inst = inst;
            this.args = args;
            this.attached = attached;
            this.hooked = hooked;
            this.started = started;
        }

        @Override
        public void run() {
            try {
                if (!attached && !hooked && HookTransformer.springBootJar(System.getProperty("java.class.path"))) {
                    inst.addTransformer(new HookTransformer(inst));   // a fat jar: its libraries are nested, unseen by premain
                }
                AgentClassLoader loader = agentLoader(inst);
                if (loader == null) {
                    stderr("WARN", "already running in this JVM; ignoring the second start");
                    return;
                }
                Thread.currentThread().setContextClassLoader(loader);
                Class<?> agent = loader.loadClass(AGENT_CLASS);
                long premainNanos = (returned == 0 ? System.nanoTime() : returned) - started;
                agent.getMethod("start", Instrumentation.class, String.class, boolean.class, long.class, long.class)
                        .invoke(null, inst, args, attached, started, premainNanos);
            } catch (Throwable e) {
                stderr("ERROR", "failed to start and is disabled: " + rootCause(e));
            }
        }
    }

    /**
     * The agent's loader, created at the first call, by the init thread or by a hook that needs the agent before
     * it (a Spring application reaching its refresh first): defines the bootstrap classes, then creates the loader.
     *
     * @return null when another agent in this JVM already defined the gate
     */
    static AgentClassLoader agentLoader(Instrumentation inst) throws Exception {
        synchronized (LOADER_LOCK) {
            if (!loaderTried) {
                loaderTried = true;
                try {
                    JarFile jar = agentJar();
                    if (BootstrapInjector.inject(inst, jar)) {
                        agentLoader = new AgentClassLoader(jar);
                        // a Spring context reaching its refresh before the agent's handler briefly waits for it
                        Class.forName("dev.watchdog.bootstrap.Integrations", true, null).getMethod("expect").invoke(null);
                    }
                } catch (Exception | Error e) {
                    loaderFailure = e;
                }
            }
            if (loaderFailure instanceof Exception e) {
                throw e;
            }
            if (loaderFailure instanceof Error e) {
                throw e;
            }
            return agentLoader;
        }
    }

    private static JarFile agentJar() throws Exception {
        File file = new File(WatchdogPremain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return new JarFile(file, false);
    }

    /**
     * A line of the agent's log from here, where its configuration is not read (or the agent failed):
     * the format of {@code LogFormat}'s text lines with their UTC time, which this class loader cannot see.
     */
    private static void stderr(String level, String message) {
        String time = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
        System.err.println(time + " watchdog " + level + " agent " + message);
    }

    private static Throwable rootCause(Throwable e) {
        while (e.getCause() != null && e.getCause() != e) {
            e = e.getCause();
        }
        return e;
    }
}
