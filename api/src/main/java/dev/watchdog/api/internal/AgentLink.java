package dev.watchdog.api.internal;

import dev.watchdog.api.Registration;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;

/**
 * This API copy's link to the agent, through the bootstrap class {@value #BRIDGE} (boot loader: visible whichever loader
 * loaded this copy). Registrations wait here until the agent is there, then are handed over. The agent, once ready,
 * calls {@link #connect()} on every loaded copy of this class (an API loaded before the agent was attached, or before
 * its background start finished); a copy loaded later connects on its first use. Not part of the API: internal, may
 * change with any version.
 */
public final class AgentLink {

    /** The bridge protocol this copy speaks (see the package documentation of {@code dev.watchdog.api}). */
    public static final int PROTOCOL = 1;
    static final String BRIDGE = "dev.watchdog.bootstrap.ApiBridge";
    /** Set by the agent as it starts: until then, no bridge lookup is tried. */
    private static final String AGENT_PROPERTY = "dev.watchdog.agent.version";

    /** A registration that does nothing: bad arguments. */
    public static final Registration NONE = () -> { };

    private static final Object LOCK = new Object();
    /** ApiBridge.call(String, Object[]) once the agent answered; null before. */
    private static volatile MethodHandle bridge;
    /** Registrations made before the agent was there (guarded by LOCK). */
    private static final List<Link> waiting = new ArrayList<>();

    private AgentLink() {
    }

    /** Connects to the agent when it is ready, handing over the registrations made so far. Never throws. */
    public static void connect() {
        try {
            synchronized (LOCK) {
                if (bridge != null) {
                    return;
                }
                Class<?> type = Class.forName(BRIDGE, false, null);
                MethodHandle call = MethodHandles.publicLookup().findStatic(type, "call",
                        MethodType.methodType(Object.class, String.class, Object[].class));
                if (!(invoke(call, "protocol") instanceof Integer)) {
                    return;   // the bridge exists but the agent is not ready yet: it calls connect() when it is
                }
                for (Link link : waiting) {
                    link.handOver(call);
                }
                waiting.clear();
                bridge = call;
            }
        } catch (Throwable e) {
            // no agent: everything stays a no-op
        }
    }

    /** True once connected; tries to connect while the agent is starting. */
    public static boolean connected() {
        if (bridge == null && agentStarting()) {
            connect();
        }
        return bridge != null;
    }

    /** The agent's answer to an operation; null without the agent, or when it does not know the operation. */
    public static Object call(String operation, Object... args) {
        return connected() ? invoke(bridge, operation, args) : null;
    }

    /** A registration: handed to the agent now, or kept until it connects. Never throws. */
    public static Registration register(String operation, Object... args) {
        try {
            Link link = new Link(operation, args);
            connected();
            synchronized (LOCK) {
                MethodHandle call = bridge;
                if (call == null) {
                    waiting.add(link);
                } else {
                    link.handOver(call);
                }
            }
            return link;
        } catch (Throwable e) {
            return NONE;
        }
    }

    /** Registrations waiting for the agent (tests). */
    static int waiting() {
        synchronized (LOCK) {
            return waiting.size();
        }
    }

    private static boolean agentStarting() {
        try {
            return System.getProperty(AGENT_PROPERTY) != null;
        } catch (Throwable e) {
            return false;
        }
    }

    private static Object invoke(MethodHandle call, String operation, Object... args) {
        try {
            return (Object) call.invokeExact(operation, args);
        } catch (Throwable e) {
            return null;
        }
    }

    /** One registration: its operation and arguments until handed over, then the agent's handle to close. */
    private static final class Link implements Registration {
        private final String operation;
        private Object[] args;                 // guarded by LOCK; dropped once handed over or closed
        private AutoCloseable agentSide;       // guarded by LOCK
        private boolean closed;                // guarded by LOCK

        Link(String operation, Object[] args) {
            this.operation = operation;
            this.args = args;
        }

        /** Under LOCK. */
        void handOver(MethodHandle call) {
            if (closed) {
                return;
            }
            Object answer = invoke(call, operation, args);
            args = null;
            if (answer instanceof AutoCloseable handle) {
                agentSide = handle;
            }
        }

        @Override
        public void close() {
            AutoCloseable handle;
            synchronized (LOCK) {
                if (closed) {
                    return;
                }
                closed = true;
                waiting.remove(this);
                args = null;
                handle = agentSide;
                agentSide = null;
            }
            if (handle != null) {
                try {
                    handle.close();
                } catch (Throwable e) {
                    // the agent's close never throws; an older one's failure must not reach the application
                }
            }
        }
    }
}
