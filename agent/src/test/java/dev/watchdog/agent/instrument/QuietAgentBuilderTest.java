package dev.watchdog.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.TreeMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import org.junit.jupiter.api.Test;

/**
 * Pins the ByteBuddy internals {@link QuietAgentBuilder} depends on: its reflective construction must
 * work on the ByteBuddy the agent ships, put each argument where ByteBuddy's public constructor puts
 * its own, and differ from ByteBuddy's defaults only where it means to.
 */
class QuietAgentBuilderTest {

    /** What the quiet builder changes on purpose, by AgentBuilder.Default's field names. */
    private static final Map<String, Object> DELIBERATE = Map.of(
            "initializationStrategy", AgentBuilder.InitializationStrategy.NoOp.INSTANCE,   // the point: no Unsafe
            "typeStrategy", AgentBuilder.TypeStrategy.Default.DECORATE,
            "redefinitionStrategy", AgentBuilder.RedefinitionStrategy.RETRANSFORMATION,
            "injectionStrategy", AgentBuilder.InjectionStrategy.Disabled.INSTANCE,
            "ignoreMatcher", new AgentBuilder.RawMatcher.ForElementMatchers(nameStartsWith("net.bytebuddy.")));

    @Test
    void theReflectivePathBuildsByteBuddysDefaultsButForItsDeliberateChanges() throws Exception {
        Map<String, Object> quiet = fields(QuietAgentBuilder.reflective());   // throws on an incompatible ByteBuddy
        Map<String, Object> defaults = fields(new AgentBuilder.Default());
        assertTrue(defaults.keySet().containsAll(DELIBERATE.keySet()), "fields renamed: " + defaults.keySet());
        Map<String, String> wrong = new TreeMap<>();
        defaults.forEach((field, byteBuddys) -> {
            Object expected = DELIBERATE.getOrDefault(field, byteBuddys);
            if (field.equals("circularityLock")) {
                expected = new AgentBuilder.CircularityLock.Default();   // a lock of its own, of ByteBuddy's kind
                if (quiet.get(field).getClass() != expected.getClass()) {
                    wrong.put(field, quiet.get(field).getClass() + ", not " + expected.getClass());
                }
            } else if (!expected.equals(quiet.get(field))) {
                wrong.put(field, quiet.get(field) + ", not " + expected);
            }
        });
        assertEquals(Map.of(), wrong, "QuietAgentBuilder no longer passes what this ByteBuddy expects");
    }

    /** The agent's own start takes the reflective path: it did not fall back to the public constructor. */
    @Test
    void createDoesNotFallBack() throws Exception {
        AgentBuilder created = QuietAgentBuilder.create();
        assertSame(AgentBuilder.Default.class, created.getClass(), "the fallback answers with ByteBuddy's Ignored builder");
        Map<String, Object> quiet = fields(created);
        Map<String, Object> reflective = fields(QuietAgentBuilder.reflective());
        quiet.remove("circularityLock");
        reflective.remove("circularityLock");
        assertEquals(reflective, quiet);
    }

    /** The instance fields of an AgentBuilder.Default, by name. */
    private static Map<String, Object> fields(AgentBuilder builder) throws IllegalAccessException {
        Map<String, Object> fields = new TreeMap<>();
        for (Field f : AgentBuilder.Default.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                fields.put(f.getName(), f.get(builder));
            }
        }
        return fields;
    }
}
