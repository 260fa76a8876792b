package dev.watchdog.agent.instrument.kafka;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.watchdog.agent.instrument.LibraryInstrumentation;
import dev.watchdog.agent.instrument.RethrowRejection;
import dev.watchdog.agent.instrument.TypeNames;
import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Kafka's producer, kafka-clients 4.x: {@code KafkaProducer#waitOnMetadata(topic, partition, nowMs,
 * maxWaitMs)}, the wait of every {@code send} (and {@code partitionsFor}) for the topic's metadata, up to
 * {@code max.block.ms} (60 s by default). The consumer is not instrumented. A version without the
 * method is never matched.
 */
public final class KafkaInstrumentation implements LibraryInstrumentation {

    private static final TypeNames PRODUCER = TypeNames.named("org.apache.kafka.clients.producer.KafkaProducer");

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public TypeNames typeNames() {
        return PRODUCER;
    }

    @Override
    public AgentBuilder apply(AgentBuilder builder, ClassLoader agentLoader) {
        return builder
                .type(PRODUCER.matcher())
                .transform(advice(agentLoader).advice(named("waitOnMetadata").and(takesArguments(4)),
                        WaitOnMetadataAdvice.class.getName(), RethrowRejection.class.getName()));
    }
}
