package dev.watchdog.testapps.clients;

import dev.watchdog.testapps.Calls;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's Java clients (kafka-clients 4.x) as applications use them: one long-lived producer and one
 * consumer. Kinds: {@code send} ({@code producer.send(record, callback)}; the callback's failure is the
 * call's failure, and the returned future must have failed with the same exception; a throw from send
 * itself is reported as {@code SendThrew}) and {@code poll} ({@code consumer.poll(100 ms)} of an
 * assigned partition, on the consumer's own single thread, as the consumer requires; OK with however
 * many records). {@code max.block.ms} is {@value #MAX_BLOCK_MS} ms (the default is 60 s), so that a send
 * the agent does not reject ends soon, the producer's own way.
 *
 * <p>Usage: {@code KafkaApp <host:port[,host:port...]> <periodMs> <maxSeconds> [kind,kind...]}. The
 * first line, {@code LIB kafka-clients <version>}, says which client ran.
 */
public final class KafkaApp {

    public static final List<String> KINDS = List.of("send", "poll");
    public static final long MAX_BLOCK_MS = 1_500;
    public static final long POLL_MS = 100;

    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final ExecutorService consumerThread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "consumer");
        t.setDaemon(true);
        return t;
    });

    KafkaApp(String servers) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) MAX_BLOCK_MS);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = consumerThread.submit(() -> {
            KafkaConsumer<String, String> created = new KafkaConsumer<>(c);
            created.assign(List.of(new TopicPartition("orders", 0)));
            return created;
        }).get();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: KafkaApp <host:port[,host:port...]> <periodMs> <maxSeconds> [kind,kind...]");
            System.exit(2);
        }
        printLib();
        KafkaApp app = new KafkaApp(args[0]);
        List<String> kinds = args.length > 3 ? List.of(args[3].split(",")) : KINDS;
        Calls.loop(Long.parseLong(args[1]), Long.parseLong(args[2]), () -> {
            for (String kind : kinds) {
                Calls.fork(kind, app.call(kind));
            }
        });
        app.close();
    }

    /**
     * Closes both clients, waiting at most a second: with a bootstrap server that accepts and never
     * answers, kafka-clients' own close waits for its request timeout (30 s), with or without the agent.
     * Their threads are daemons, so the JVM exits anyway.
     */
    void close() throws InterruptedException {
        Thread closer = new Thread(() -> {
            producer.close(Duration.ZERO);
            consumerThread.submit(() -> consumer.close(Duration.ZERO));
        }, "close-clients");
        closer.setDaemon(true);
        closer.start();
        closer.join(1_000);
    }

    static void printLib() throws java.io.IOException {
        Calls.print("LIB kafka-clients " + version() + " "
                + KafkaProducer.class.getProtectionDomain().getCodeSource().getLocation());
    }

    /** The version the client jar says it is (its kafka/kafka-version.properties). */
    static String version() throws java.io.IOException {
        Properties version = new Properties();
        try (var in = KafkaProducer.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in != null) {
                version.load(in);
            }
        }
        return version.getProperty("version", "unknown");
    }

    Calls.Call call(String kind) {
        return switch (kind) {
            case "send" -> this::send;
            case "poll" -> () -> consumerThread.submit(() -> consumer.poll(Duration.ofMillis(POLL_MS))).get();
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        };
    }

    void send() throws Exception {
        CompletableFuture<RecordMetadata> done = new CompletableFuture<>();
        Future<RecordMetadata> future;
        try {
            future = producer.send(new ProducerRecord<>("orders", "key", "value"), (metadata, e) -> {
                if (e != null) {
                    done.completeExceptionally(e);
                } else {
                    done.complete(metadata);
                }
            });
        } catch (Throwable thrown) {
            throw new SendThrew(thrown);
        }
        try {
            done.get(4 * MAX_BLOCK_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException failed) {
            // the callback and the future must tell the same failure
            if (!future.isDone()) {
                throw new IllegalStateException("callback failed but the future is not done", failed.getCause());
            }
            try {
                future.get();
                throw new IllegalStateException("callback failed but the future succeeded", failed.getCause());
            } catch (ExecutionException futureFailed) {
                if (futureFailed.getCause() != failed.getCause()) {
                    throw new IllegalStateException("callback and future failed differently: " + futureFailed.getCause(), failed.getCause());
                }
            }
            throw failed;
        }
    }

    /** send must report through its callback and future: a throw from send itself is a bug the test must see. */
    static final class SendThrew extends RuntimeException {
        SendThrew(Throwable cause) {
            super("send threw " + cause, cause);
        }
    }
}
