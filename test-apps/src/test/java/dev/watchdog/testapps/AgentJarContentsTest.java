package dev.watchdog.testapps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The agent's jar holds the agent and its four libraries (with what they need), nothing else: the client
 * libraries it hooks are compiled against, never shipped (a BOM's managed scope once pulled Netty's jars
 * in). A library that sneaks in shows here with its first entry.
 */
class AgentJarContentsTest {

    private static final List<String> ALLOWED = List.of("dev/watchdog/premain/", "boot/dev/watchdog/", "boot/index", "META-INF/",
            "inst/dev/watchdog/", "inst/net/bytebuddy/", "inst/dev/failsafe/", "inst/org/tinylog/", "inst/oshi",
            "inst/com/sun/jna/", "inst/org/slf4j/", "inst/META-INF/", "inst/watchdog-version.properties");

    @Test
    void holdsTheAgentAndItsOwnLibrariesOnly() throws Exception {
        Set<String> strangers = new TreeSet<>();
        try (JarFile jar = new JarFile(Path.of(System.getProperty("watchdog.agent.jar")).toFile())) {
            for (JarEntry e : java.util.Collections.list(jar.entries())) {
                String name = e.getName();
                if (!e.isDirectory() && ALLOWED.stream().noneMatch(name::startsWith)) {
                    strangers.add(name.replaceFirst("^((?:[^/]+/){1,3}).*$", "$1"));
                }
            }
        }
        assertEquals(Set.of(), strangers, "entries outside the agent's own packages and libraries");
    }

    /** The integrations ship as bytes the agent's loader serves (IntegrationLoader defines them per application loader). */
    @Test
    void holdsTheIntegrationClassesAsBytes() throws Exception {
        try (JarFile jar = new JarFile(Path.of(System.getProperty("watchdog.agent.jar")).toFile())) {
            for (String c : List.of("spring/SpringIntegration", "spring/Boot3Health", "spring/Boot4Health",
                    "micrometer/WatchdogMeters", "resilience4j/Resilience4jIntegration")) {
                assertEquals(true, jar.getJarEntry("inst/dev/watchdog/integration/" + c + ".classdata") != null, c);
            }
        }
    }
}
