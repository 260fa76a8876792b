package dev.watchdog.agent.config;

public record ConfigProblem(String key, String where, String message) {
}
