package dev.watchdog.agent.api;

import dev.watchdog.agent.log.AgentLog;
import java.lang.instrument.Instrumentation;
import org.tinylog.TaggedLogger;

/**
 * Connects the copies of the API the application loaded before the agent's handler was there (an agent attached to a
 * running JVM, or an application faster than the agent's background start): each copy's {@value #LINK} gets its
 * public static {@code connect()} called, and hands over the registrations it kept. A copy loaded later connects by
 * itself on first use. One pass over the loaded classes, on the agent's thread.
 */
final class LoadedApis {

    static final String LINK = "dev.watchdog.api.internal.AgentLink";
    private static final TaggedLogger LOG = AgentLog.of("api");

    private LoadedApis() {
    }

    /** @return how many copies were connected */
    static int connect(Instrumentation inst) {
        int connected = 0;
        for (Class<?> c : inst.getAllLoadedClasses()) {
            if (LINK.equals(c.getName())) {
                try {
                    c.getMethod("connect").invoke(null);
                    connected++;
                } catch (Throwable e) {
                    LOG.warn("could not connect the Java API loaded by {}: {}", c.getClassLoader(), e.toString());
                }
            }
        }
        return connected;
    }
}
