package dev.watchdog.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * ByteBuddy's fast type pool, which reads class files, with one fallback: a type whose class file
 * cannot be found is described from its loaded class instead. Another agent that went first (the
 * OpenTelemetry agent) makes classes implement interfaces it defines at run time, which have no class
 * file: without the fallback, retransforming a class it changed (H2's statements) failed and the class
 * kept no hook. The fallback runs only after the class file lookup failed, for a type the pool was
 * asked to resolve, at any depth (a super type's interface too); the usual path is as lazy as before.
 */
final class LoadedTypeFallbackPool implements AgentBuilder.PoolStrategy {

    @Override
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
        return new WithLoadedFallback(locator, loader);
    }

    @Override
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
        return new WithLoadedFallback(locator, loader);
    }

    private static final class WithLoadedFallback extends TypePool.Default.WithLazyResolution {

        private final ClassLoader loader;

        WithLoadedFallback(ClassFileLocator locator, ClassLoader loader) {
            super(TypePool.CacheProvider.Simple.withObjectType(), locator, TypePool.Default.ReaderMode.FAST);
            this.loader = loader;
        }

        @Override
        protected Resolution doResolve(String name) {
            Resolution fromFile = super.doResolve(name);
            return fromFile.isResolved() ? fromFile : TypePool.ClassLoading.of(loader).describe(name);
        }
    }
}
