package dev.watchdog.agent.config;

import java.util.ArrayList;
import java.util.List;

/** Collects errors and warnings while loading, in the order found. */
final class Problems {

    final List<ConfigProblem> errors = new ArrayList<>();
    final List<ConfigProblem> warnings = new ArrayList<>();

    void error(String key, String where, String message) {
        errors.add(new ConfigProblem(key, where, message));
    }

    void error(Setting s, String message) {
        error(s.key(), s.where(), message);
    }

    void warn(String key, String where, String message) {
        warnings.add(new ConfigProblem(key, where, message));
    }

    void warn(Setting s, String message) {
        warn(s.key(), s.where(), message);
    }

    /** An unexpected exception as an error naming what was being read; its message is redacted. */
    void unexpected(String key, String where, String whatWasRead, Throwable t) {
        error(key, where, "unexpected error while " + whatWasRead + ": " + t.getClass().getSimpleName()
                + (t.getMessage() == null ? "" : " " + Shown.value(key, t.getMessage())));
    }
}
