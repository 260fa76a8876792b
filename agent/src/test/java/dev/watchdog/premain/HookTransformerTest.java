package dev.watchdog.premain;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hooks are registered only where a hooked library may be: any transformer costs every class load its bytes. */
class HookTransformerTest {

    @TempDir
    Path dir;

    @Test
    void aClassPathNamingAHookedLibraryGetsTheHooksAtPremain() {
        String m2 = "/home/u/.m2/repository/";
        assertTrue(HookTransformer.librariesOnClassPath("app.jar" + File.pathSeparator + m2
                + "org/springframework/boot/spring-boot/4.0.7/spring-boot-4.0.7.jar"));
        assertTrue(HookTransformer.librariesOnClassPath("lib/resilience4j-circuitbreaker-2.4.0.jar"));
        assertTrue(HookTransformer.librariesOnClassPath("lib/micrometer-core-1.16.6.jar"));
        assertFalse(HookTransformer.librariesOnClassPath("classes" + File.pathSeparator + "lib/h2-2.4.240.jar"));
        assertFalse(HookTransformer.librariesOnClassPath("lib/micrometer-observation-1.16.6.jar"));
        assertFalse(HookTransformer.librariesOnClassPath("target/watchdog-spring-boot-web-app-0.1.0.jar"), "only the library's own jar");
        assertFalse(HookTransformer.librariesOnClassPath("/src/spring-boot-demo/target/classes"), "a directory is not the library");
        assertFalse(HookTransformer.librariesOnClassPath(null));
    }

    @Test
    void aSpringBootExecutableJarIsKnownByItsLauncher() throws Exception {
        assertTrue(HookTransformer.springBootJar(jar("boot4.jar", "org.springframework.boot.loader.launch.JarLauncher")));
        assertTrue(HookTransformer.springBootJar(jar("boot2.war", "org.springframework.boot.loader.WarLauncher")));
        assertFalse(HookTransformer.springBootJar(jar("plain.jar", "com.example.Main")));
        assertFalse(HookTransformer.springBootJar(jar("none.jar", null)));
        String boot = jar("again.jar", "org.springframework.boot.loader.launch.JarLauncher");
        assertFalse(HookTransformer.springBootJar(boot + File.pathSeparator + "other.jar"), "a class path, not one executable jar");
        assertFalse(HookTransformer.springBootJar(dir.resolve("missing.jar").toString()));
        assertFalse(HookTransformer.springBootJar(null));
    }

    private String jar(String name, String mainClass) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (mainClass != null) {
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        }
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, manifest)) {
            j.flush();
        }
        return jar.toString();
    }
}
