package dev.watchdog.agent.integrations;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The premain hooks' rewrite (called by {@code dev.watchdog.premain.HookTransformer} as the class loads): one static
 * call to {@code dev.watchdog.bootstrap.Integrations} inserted into the library's class, with ASM, no ByteBuddy
 * type matching (cheap: it runs on the application's thread). The call pushes one reference and branches nowhere,
 * so the stack map frames stay valid; only the maximum stack is recomputed.
 * <ul>
 *   <li>Spring Boot 3 and 4: at the entry of {@code SpringApplication.refreshContext(ConfigurableApplicationContext)},
 *       {@code Integrations.springContext(context)};</li>
 *   <li>Resilience4j 2: before each return of an {@code InMemoryCircuitBreakerRegistry} constructor,
 *       {@code Integrations.resilience4jRegistry(this)} (a constructor calling another reports twice).</li>
 * </ul>
 */
public final class HookBytes {

    static final String INTEGRATIONS = "dev/watchdog/bootstrap/Integrations";
    private static final String SPRING_APPLICATION = "org/springframework/boot/SpringApplication";
    private static final String R4J_REGISTRY = "io/github/resilience4j/circuitbreaker/internal/InMemoryCircuitBreakerRegistry";
    private static final String REFRESH_CONTEXT = "refreshContext";
    private static final String REFRESH_DESCRIPTOR = "(Lorg/springframework/context/ConfigurableApplicationContext;)V";

    private HookBytes() {
    }

    /** @return the class with its hook, or null when it has no such method (an unsupported version): left as it was */
    public static byte[] rewrite(String internalName, byte[] bytes) {
        ClassReader reader = new ClassReader(bytes);
        ClassWriter writer = new ClassWriter(reader, ClassWriter.COMPUTE_MAXS);
        boolean[] hooked = {false};
        ClassVisitor visitor = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor mv = super.visitMethod(access, name, descriptor, signature, exceptions);
                if (SPRING_APPLICATION.equals(internalName) && REFRESH_CONTEXT.equals(name)
                        && REFRESH_DESCRIPTOR.equals(descriptor) && (access & Opcodes.ACC_STATIC) == 0) {
                    hooked[0] = true;
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitCode() {
                            super.visitCode();
                            super.visitVarInsn(Opcodes.ALOAD, 1);
                            super.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGRATIONS, "springContext", "(Ljava/lang/Object;)V", false);
                        }
                    };
                }
                if (R4J_REGISTRY.equals(internalName) && "<init>".equals(name)) {
                    hooked[0] = true;
                    return new MethodVisitor(Opcodes.ASM9, mv) {
                        @Override
                        public void visitInsn(int opcode) {
                            if (opcode == Opcodes.RETURN) {
                                super.visitVarInsn(Opcodes.ALOAD, 0);
                                super.visitMethodInsn(Opcodes.INVOKESTATIC, INTEGRATIONS, "resilience4jRegistry",
                                        "(Ljava/lang/Object;)V", false);
                            }
                            super.visitInsn(opcode);
                        }
                    };
                }
                return mv;
            }
        };
        reader.accept(visitor, 0);
        return hooked[0] ? writer.toByteArray() : null;
    }
}
