package dev.watchdog.agent.cli;

public final class Cli {
    public static void main(String[] args) {
        System.out.println("watchdog-agent");
    }
}
