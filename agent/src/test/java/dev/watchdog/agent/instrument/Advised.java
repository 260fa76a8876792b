package dev.watchdog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;

import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;

/**
 * Test support: a copy of a class with an enter advice inlined into a named method as the agent
 * inlines it: with its own exit when it has one (or only an exit), else the shared exit ({@link RethrowRejection}), and the
 * advice-failure handler.
 */
public final class Advised {

    private Advised() {
    }

    /**
     * A new instance of the advised copy, seen through an interface (the copy is another class of
     * the same name, in its own child-first loader); the gate stays the test's own.
     */
    public static <I> I instance(Class<?> type, Class<?> advice, String method, Class<I> as) throws Exception {
        return as.cast(copy(type, advice, method).getDeclaredConstructor().newInstance());
    }

    public static Class<?> copy(Class<?> type, Class<?> advice, String method) {
        return copy(type, advice, hasExit(advice) ? advice : RethrowRejection.class, method);
    }

    /** As {@link #copy(Class, Class, String)}, with the exit the agent pairs the enter with. */
    public static Class<?> copy(Class<?> type, Class<?> enter, Class<?> exit, String method) {
        return new ByteBuddy()
                .redefine(type)
                .visit((enter == exit ? Advice.to(enter) : Advice.to(enter, exit))
                        .withExceptionHandler(LibraryInstrumentation.ReportAdviceFailure.HANDLER)
                        .on(named(method)))
                .make()
                .load(new ClassLoader(type.getClassLoader()) { }, ClassLoadingStrategy.Default.CHILD_FIRST)
                .getLoaded();
    }

    private static boolean hasExit(Class<?> advice) {
        for (java.lang.reflect.Method m : advice.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Advice.OnMethodExit.class)) {
                return true;
            }
        }
        return false;
    }
}
