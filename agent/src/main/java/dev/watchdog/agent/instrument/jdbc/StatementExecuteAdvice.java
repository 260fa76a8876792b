package dev.watchdog.agent.instrument.jdbc;

import dev.watchdog.bootstrap.Evidence;
import dev.watchdog.bootstrap.JdbcStatements;
import net.bytebuddy.asm.Advice;

/**
 * Inlined into {@code Statement#execute*}: statements on connections opened before an outage
 * fail fast too, and while a database is in doubt a statement that returns within the check's
 * timeout is evidence that it answers ({@link Evidence}). Everything but the hot test is out of line in
 * {@link JdbcStatements} (bootstrap): the inlined advice is one volatile read on the closed path and adds
 * a few bytes to the driver's method, so the JIT inlines the method where it did without the agent.
 *
 * <p>The enter throws the rejection itself ({@link JdbcStatements#enter} lets nothing else out), so the
 * exit needs no handler around the method ({@code onThrowable}): it runs on a normal return only, the one
 * outcome that is evidence.
 */
public final class StatementExecuteAdvice {

    private StatementExecuteAdvice() {
    }

    /** @return null, or an evidence token for the exit; throws the rejection (the statement is skipped) */
    @Advice.OnMethodEnter
    public static Object enter(@Advice.This Object statement) {
        return JdbcStatements.watched() ? JdbcStatements.enter(statement) : null;
    }

    /** Arguments are not read here: no copy of them is kept for the exit (backupArguments), fewer bytes. */
    @Advice.OnMethodExit(backupArguments = false)
    public static void exit(@Advice.Enter Object token) {
        if (token != null) {
            JdbcStatements.succeeded(token);
        }
    }
}
