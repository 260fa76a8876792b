package dev.watchdog.bootstrap;

/** The agent's own threads: daemons named {@code watchdog-*}, whose work is always {@link AgentWork}. */
public final class AgentThread extends Thread {

    public AgentThread(Runnable task, String name) {
        super(null, task, name.startsWith("watchdog-") ? name : "watchdog-" + name);
        setDaemon(true);
    }
}
