package dev.watchdog.agent.health;

import dev.watchdog.agent.hosts.Secrets;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A check the application registered in code (the Java API): calls its {@code Callable} on the check thread, with the
 * callable's class loader as context loader. It fails when the callable returns false or throws; the reason is the
 * exception's class and first line of its message, redacted, and the exception itself is not kept (it would hold the
 * application's class loader). {@link #clear()} drops the callable once the registration is closed.
 */
final class CodeCheck implements Check {

    private final AtomicReference<Callable<?>> code;

    CodeCheck(Callable<?> code) {
        this.code = new AtomicReference<>(code);
    }

    @Override
    public void run(Duration timeout) throws Exception {
        Callable<?> c = code.get();
        if (c == null) {
            throw new IllegalStateException("the check was closed");
        }
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(c.getClass().getClassLoader());
        Object answer;
        try {
            answer = c.call();
        } catch (Throwable e) {
            throw new Failed(reason(e));
        } finally {
            thread.setContextClassLoader(before);
        }
        if (Boolean.FALSE.equals(answer)) {
            throw new Failed("check returned false");
        }
    }

    void clear() {
        code.set(null);
    }

    /** {@code IllegalStateException: payment gateway down}, secrets masked. */
    static String reason(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getClass().getSimpleName();
        }
        int nl = message.indexOf('\n');
        String first = (nl < 0 ? message : message.substring(0, nl)).trim();
        if (first.length() > 300) {
            first = first.substring(0, 300) + "...";
        }
        return e.getClass().getSimpleName() + ": " + Secrets.redact(first);
    }

    /** The check's failure, without the application's exception (see the class comment). */
    static final class Failed extends Exception {
        Failed(String reason) {
            super(reason, null, false, false);
        }
    }
}
