package dev.watchdog.agent.health;

/** A target's verdict. UNKNOWN until its first check decides. */
public enum Health { UNKNOWN, UP, DOWN }
