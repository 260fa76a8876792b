package dev.watchdog.api.internal;

/** Test access to the link's package-private state. */
public final class AgentLinkAccess {

    private AgentLinkAccess() {
    }

    public static int waiting() {
        return AgentLink.waiting();
    }
}
