package dev.watchdog.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.watchdog.agent.Libraries;
import java.io.File;
import java.lang.instrument.ClassFileTransformer;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;
import org.junit.jupiter.api.Test;

/**
 * A class a library's type matchers accept is never ignored by the name pre-filter. Each library is
 * built as it is installed, without the pre-filter, and handed every class of the jars on the test
 * class path (the libraries' real targets among them: drivers, pools, HTTP clients) and of the JDK
 * modules the libraries reach into; every type it matches must be one of its declared names.
 */
class LibraryTypeNamesTest {

    /** Where the JDK classes the libraries match live. */
    private static final List<String> JDK_MODULES = List.of("java.base", "java.net.http", "java.sql");

    @Test
    void everyTypeALibraryMatchesIsDeclaredAndPassesThePrefilter() throws Exception {
        List<LibraryInstrumentation> libraries = Libraries.all();
        NamePrefilter prefilter = new NamePrefilter(libraries);
        Map<LibraryInstrumentation, Matched> matched = new LinkedHashMap<>();
        List<ClassFileTransformer> transformers = new ArrayList<>();
        ClassLoader agentLoader = getClass().getClassLoader();
        for (LibraryInstrumentation library : libraries) {
            Matched m = new Matched();
            matched.put(library, m);
            transformers.add(library.apply(QuietAgentBuilder.create().disableClassFormatChanges().with(m), agentLoader).makeRaw());
        }
        int classes = eachClass((loader, internalName, bytes) -> {
            for (ClassFileTransformer t : transformers) {
                try {
                    t.transform(loader, internalName, null, null, bytes);
                } catch (IllegalStateException failed) {
                    // told to the listener (onError) first: a type its matcher accepted, or looked beyond the name of
                }
            }
        });

        Map<String, String> problems = new TreeMap<>();
        matched.forEach((library, m) -> {
            m.types.forEach((type, how) -> {
                if (!library.typeNames().mayMatch(type) || !prefilter.mayMatch(type)) {
                    problems.put(library.name() + " " + how + " " + type, "not among its names: " + library.typeNames());
                }
            });
            Set<String> missing = new TreeSet<>(library.typeNames().exactNames());
            missing.removeAll(m.types.keySet());
            if (m.types.isEmpty() || !missing.isEmpty()) {
                problems.put(library.name() + " matched none of " + (missing.isEmpty() ? "its targets" : missing),
                        "among " + classes + " classes: are they on the test class path, is the name right?");
            }
        });
        assertEquals(Map.of(), problems);
    }

    /** The types a library's matchers accepted: transformed, or failed on while being matched or transformed. */
    private static final class Matched extends AgentBuilder.Listener.Adapter {
        final Map<String, String> types = new TreeMap<>();

        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                     DynamicType dynamicType) {
            types.put(type.getName(), "transforms");
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
            types.put(typeName, "looked beyond the name of (" + error + ")");
        }
    }

    private interface ClassVisitor {
        void visit(ClassLoader loader, String internalName, byte[] bytes) throws Exception;
    }

    /** Hands every class of the class path's jars and of {@link #JDK_MODULES} to the visitor; returns how many. */
    private static int eachClass(ClassVisitor visitor) throws Exception {
        int count = 0;
        ClassLoader testLoader = LibraryTypeNamesTest.class.getClassLoader();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;   // the agent's and the tests' own classes: never instrumented
            }
            try (JarFile jar = new JarFile(entry)) {
                for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements(); ) {
                    JarEntry c = e.nextElement();
                    if (isClass(c.getName())) {
                        visitor.visit(testLoader, c.getName().replace(".class", ""), jar.getInputStream(c).readAllBytes());
                        count++;
                    }
                }
            }
        }
        FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
        for (String module : JDK_MODULES) {
            ClassLoader loader = ModuleLayer.boot().findModule(module).orElseThrow().getClassLoader();
            Path root = jrt.getPath("/modules", module);
            List<Path> files;
            try (Stream<Path> walk = Files.walk(root)) {
                files = walk.filter(p -> isClass(root.relativize(p).toString())).toList();
            }
            for (Path p : files) {
                visitor.visit(loader, root.relativize(p).toString().replace(".class", ""), Files.readAllBytes(p));
                count++;
            }
        }
        return count;
    }

    private static boolean isClass(String path) {
        return path.endsWith(".class") && !path.startsWith("META-INF/") && !path.endsWith("module-info.class")
                && !path.startsWith("net/bytebuddy/") && !path.startsWith("dev/watchdog/");
    }
}
