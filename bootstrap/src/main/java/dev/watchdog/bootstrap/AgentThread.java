package dev.watchdog.bootstrap;

/**
 * The agent's own threads. The gate never rejects their calls: a health check must reach the
 * very host whose breaker it holds open.
 */
public final class AgentThread extends Thread {

    public AgentThread(Runnable task, String name) {
        super(null, task, name.startsWith("watchdog-") ? name : "watchdog-" + name);
        setDaemon(true);
    }
}
