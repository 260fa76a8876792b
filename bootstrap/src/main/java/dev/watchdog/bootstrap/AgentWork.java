package dev.watchdog.bootstrap;

/**
 * The agent's own work, which the gate never refuses: a health check must reach the very host whose
 * breaker it holds open. Recognised by construction, not by the thread it happens to run on: work on
 * an {@link AgentThread}, and work inside a {@link #begin() scope}, which every thread started within
 * it inherits. A check runs its client library inside one, so a driver that connects on a thread of its
 * own (pgjdbc with {@code loginTimeout}) is still the agent's; once the check ends, a thread the library
 * started then and kept (a shared timer) is the application's again.
 */
public final class AgentWork {

    private static final InheritableThreadLocal<Scope> SCOPE = new InheritableThreadLocal<>();

    private AgentWork() {
    }

    /** True on the agent's threads and inside an open scope. Read only on the open path, never per call. */
    public static boolean isCurrent() {
        if (Thread.currentThread() instanceof AgentThread) {
            return true;
        }
        Scope scope = SCOPE.get();
        return scope != null && scope.open;
    }

    /** Marks what this thread does until {@link Scope#close()}, and the threads it starts meanwhile, as the agent's. */
    public static Scope begin() {
        Scope scope = new Scope(SCOPE.get());
        SCOPE.set(scope);
        return scope;
    }

    /** One piece of the agent's work; closed on the thread that began it. */
    public static final class Scope implements AutoCloseable {

        private final Scope outer;
        private volatile boolean open = true;

        private Scope(Scope outer) {
            this.outer = outer;
        }

        @Override
        public void close() {
            open = false;
            if (outer == null) {
                SCOPE.remove();
            } else {
                SCOPE.set(outer);
            }
        }
    }
}
