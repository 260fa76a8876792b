package dev.watchdog.agent.instrument;

import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Ignores, by its name alone, every type no library instrumentation could match, before anything
 * else asks about it. The type pool describes a loading class lazily: its name costs nothing, while
 * any other question (modifiers, super types) parses the class file. Without this, every class the
 * application loads was parsed once for the ignore matcher's {@code isSynthetic()}.
 *
 * <p>Keep in step with the {@code type(...)} matchers of the {@link LibraryInstrumentation}s: the
 * JDBC and pool matchers' name pre-filters, and the packages of the exact class names the HTTP
 * clients and sockets are matched by (whole packages, so a new class name there needs no change here).
 */
final class NamePrefilter implements AgentBuilder.RawMatcher {

    /** Packages (with their sub-packages) whose classes are matched by exact names. */
    private static final String[] PACKAGES = {
        "java.net.",                        // Socket, HttpURLConnection
        "sun.nio.ch.",                      // SocketChannelImpl
        "sun.net.www.protocol.http.",       // HttpURLConnection
        "jdk.internal.net.http.",           // HttpClientImpl
        "okhttp3.",                         // RealCall
        "org.apache.http.",                 // HttpClient 4.x
        "org.apache.hc.client5.",           // HttpClient 5.x
    };

    @Override
    public boolean matches(TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                           ProtectionDomain protectionDomain) {
        return !mayMatch(type.getName());
    }

    /** True when some instrumentation may match a type of this name. */
    static boolean mayMatch(String name) {
        if (name.startsWith("net.bytebuddy.") || name.startsWith("dev.watchdog.")) {
            return false;
        }
        if (name.endsWith("Driver") || name.endsWith("DataSource") || name.contains("Statement")) {
            return true;
        }
        for (String p : PACKAGES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
