package dev.watchdog.agent.config;

/** How a target is checked, from its check URL's scheme. */
public enum CheckKind {
    TCP, HTTP, JDBC, REDIS, GRPC, AMQP
}
