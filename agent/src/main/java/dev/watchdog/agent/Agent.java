package dev.watchdog.agent;

import java.lang.instrument.Instrumentation;

public final class Agent {
    public static void start(Instrumentation inst, String args, boolean attached, long premainStartNanos) {
        System.err.println("agent start " + Agent.class.getClassLoader() + " gate=" + dev.watchdog.bootstrap.Gate.class.getClassLoader());
    }
}
