package dev.watchdog.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.pool.TypePool;

/**
 * ByteBuddy's fast type pool, which reads class files, with one fallback: a type whose class file
 * cannot be found is described from its loaded class instead. Another agent that went first (the
 * OpenTelemetry agent) makes classes implement interfaces it defines at run time, which have no class
 * file: without the fallback, retransforming a class it changed (H2's statements) failed and the class
 * kept no hook. The fallback runs only after the class file lookup failed, for a type the pool was
 * asked to resolve, at any depth (a super type's interface too); the usual path is as lazy as before.
 * OpenTelemetry defines some of those interfaces only when it first needs them ({@link #RUNTIME_INTERFACES}):
 * one not defined yet is described as the empty public interface it will be, which is all the weaving of
 * advice needs to know of it (without this, whether H2's statements kept their hook depended on which
 * agent got there first).
 */
final class LoadedTypeFallbackPool implements AgentBuilder.PoolStrategy {

    /** Where OpenTelemetry's agent defines, at run time, the marker interfaces it adds to classes it changes. */
    static final String RUNTIME_INTERFACES = "io.opentelemetry.javaagent.bootstrap.field.";

    @Override
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader) {
        return new WithLoadedFallback(locator, loader);
    }

    @Override
    public TypePool typePool(ClassFileLocator locator, ClassLoader loader, String name) {
        return new WithLoadedFallback(locator, loader);
    }

    /** A public interface without members, fully described (its methods, fields and super types resolve, all empty). */
    static TypeDescription emptyInterface(String name) {
        return new ByteBuddy().with(TypeValidation.DISABLED).makeInterface().name(name).make().getTypeDescription();
    }

    private static final class WithLoadedFallback extends TypePool.Default.WithLazyResolution {

        private final ClassLoader loader;

        WithLoadedFallback(ClassFileLocator locator, ClassLoader loader) {
            super(new FoundOnly(), locator, TypePool.Default.ReaderMode.FAST);
            this.loader = loader;
        }

        @Override
        protected Resolution doResolve(String name) {
            Resolution fromFile = super.doResolve(name);
            if (fromFile.isResolved()) {
                return fromFile;
            }
            Resolution fallback = TypePool.ClassLoading.of(loader).describe(name);
            if (!fallback.isResolved() && name.startsWith(RUNTIME_INTERFACES)) {
                fallback = new Resolution.Simple(emptyInterface(name));
            }
            return fallback.isResolved() ? cacheProvider.register(name, fallback) : fallback;
        }
    }

    /**
     * ByteBuddy's cache, except that a type not found is not remembered as missing: the next lookup of it
     * comes back to {@link WithLoadedFallback#doResolve} (a cached miss would be answered from the cache,
     * the fallback never asked, whichever lookup came first).
     */
    private static final class FoundOnly implements TypePool.CacheProvider {
        private final TypePool.CacheProvider cache = TypePool.CacheProvider.Simple.withObjectType();

        @Override
        public TypePool.Resolution find(String name) {
            return cache.find(name);
        }

        @Override
        public TypePool.Resolution register(String name, TypePool.Resolution resolution) {
            return resolution instanceof TypePool.Resolution.Illegal ? resolution : cache.register(name, resolution);
        }

        @Override
        public void clear() {
            cache.clear();
        }
    }
}
