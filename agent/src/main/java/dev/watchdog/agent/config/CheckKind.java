package dev.watchdog.agent.config;

/** How a target is checked, from its check URL's scheme; {@link #CODE}: registered by the application (the Java API). */
public enum CheckKind {
    TCP, HTTP, JDBC, REDIS, GRPC, AMQP, CODE
}
