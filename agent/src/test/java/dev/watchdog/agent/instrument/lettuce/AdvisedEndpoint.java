package dev.watchdog.agent.instrument.lettuce;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.DefaultEndpoint;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import java.lang.invoke.MethodHandles;
import java.util.Collection;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.loading.ClassLoadingStrategy;

/**
 * Test support: a renamed copy of Lettuce's real {@code DefaultEndpoint} with the endpoint advice
 * {@link LettuceInstrumentation} installs, defined once beside the original (its package-private neighbours
 * must stay reachable; its own inner classes still name the original, so it cannot write to a channel itself).
 */
final class AdvisedEndpoint {

    private static Class<?> type;

    private AdvisedEndpoint() {
    }

    static synchronized Class<?> type() throws Exception {
        if (type == null) {
            type = new ByteBuddy()
                    .redefine(DefaultEndpoint.class)
                    .name(DefaultEndpoint.class.getName() + "Advised")
                    .visit(Advice.to(LettuceWriteAdvice.class)
                            .on(named("write").and(takesArguments(1)).and(takesArgument(0, RedisCommand.class))))
                    .visit(Advice.to(LettuceWriteAllAdvice.class)
                            .on(named("write").and(takesArguments(1)).and(takesArgument(0, Collection.class))))
                    .visit(Advice.to(LettuceChannelAdvice.class).on(namedOneOf("notifyChannelActive", "notifyChannelInactive")))
                    .visit(Advice.to(LettuceCloseAdvice.class).on(named("closeAsync")))
                    .visit(Advice.to(LettuceReleaseAdvice.class).on(named("notifyException")))
                    .visit(Advice.to(LettuceRequeueAdvice.class).on(named("notifyDrainQueuedCommands")))
                    .make()
                    .load(DefaultEndpoint.class.getClassLoader(),
                            ClassLoadingStrategy.UsingLookup.of(MethodHandles.privateLookupIn(DefaultEndpoint.class, MethodHandles.lookup())))
                    .getLoaded();
        }
        return type;
    }

    static Object create(ClientResources resources) throws Exception {
        return type().getConstructor(ClientOptions.class, ClientResources.class).newInstance(ClientOptions.create(), resources);
    }

    static Object write(Object endpoint, RedisCommand<?, ?, ?> command) throws Exception {
        return type().getMethod("write", RedisCommand.class).invoke(endpoint, command);
    }

    static AsyncCommand<String, String, String> ping() {
        return new AsyncCommand<>(new Command<>(CommandType.PING, new StatusOutput<>(StringCodec.UTF8)));
    }
}
