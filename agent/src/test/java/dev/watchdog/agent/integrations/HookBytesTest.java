package dev.watchdog.agent.integrations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

/**
 * The premain hooks' rewrite on the real library classes (on the agent's compile class path): Spring Boot's
 * {@code refreshContext} gets one call at its entry, Resilience4j's registry constructors one before each return,
 * and a class without the method (an unsupported version) is left as it was.
 */
class HookBytesTest {

    @Test
    void springApplicationRefreshContextCallsTheBootstrapFirst() throws Exception {
        byte[] rewritten = HookBytes.rewrite("org/springframework/boot/SpringApplication",
                bytes("org/springframework/boot/SpringApplication"));
        assertNotNull(rewritten);
        List<String> calls = calls(rewritten, "refreshContext");
        assertEquals("springContext", calls.get(0), calls.toString());
        assertEquals(1, calls.stream().filter("springContext"::equals).count());
    }

    @Test
    void resilience4jRegistryConstructorsReportTheRegistry() throws Exception {
        String name = "io/github/resilience4j/circuitbreaker/internal/InMemoryCircuitBreakerRegistry";
        byte[] rewritten = HookBytes.rewrite(name, bytes(name));
        assertNotNull(rewritten);
        List<String> calls = calls(rewritten, "<init>");
        assertTrue(calls.contains("resilience4jRegistry"), calls.toString());
        // the rewritten class verifies and runs: defined in a throwaway loader over the test class path, constructed
        Class<?> c = new ClassLoader(getClass().getClassLoader()) {
            Class<?> define() {
                return defineClass(name.replace('/', '.'), rewritten, 0, rewritten.length);
            }
        }.define();
        assertEquals(name.replace('/', '.'), c.getConstructor().newInstance().getClass().getName());
    }

    @Test
    void aClassWithoutTheHookedMethodIsLeftAlone() throws Exception {
        assertNull(HookBytes.rewrite("org/springframework/boot/SpringApplication", bytes("java/lang/Object")));
    }

    private static byte[] bytes(String internalName) throws Exception {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    /** The static calls to dev/watchdog/bootstrap/Integrations (by method name) and every other call ("other"), in order. */
    private static List<String> calls(byte[] bytes, String method) {
        List<String> calls = new ArrayList<>();
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (!name.equals(method)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String desc, boolean itf) {
                        calls.add(owner.equals(HookBytes.INTEGRATIONS) ? called : "other");
                    }
                };
            }
        }, 0);
        return calls;
    }
}
