package dev.watchdog.agent.hosts;

public final class Secrets {
    public static String redact(String urlOrValue) {
        return urlOrValue;
    }
}
