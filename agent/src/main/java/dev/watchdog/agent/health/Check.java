package dev.watchdog.agent.health;

import java.time.Duration;

/** One kind of health check. Throws to report the dependency unhealthy; the message is the reason. */
interface Check {

    void run(Duration timeout) throws Exception;
}
