package dev.watchdog.agent.resources;

/** What an overload does besides its WARN line: nothing, a thread dump or a JFR dump. Runs on the watcher's thread. */
interface OverloadAction {

    OverloadAction NONE = (overload, snapshot) -> {
    };

    void onOverload(Overload overload, ResourceSnapshot snapshot);
}
