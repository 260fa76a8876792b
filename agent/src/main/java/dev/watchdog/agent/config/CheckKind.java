package dev.watchdog.agent.config;

public enum CheckKind { TCP, HTTP, JDBC }
