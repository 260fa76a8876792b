package dev.watchdog.agent.health;

import dev.watchdog.agent.config.TargetConfig;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records verdict changes ("name:FROM->TO") and removals ("name:removed"). */
final class RecordingListener implements HealthListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void changed(TargetConfig target, Health from, Health to, String reason) {
        events.add(target.name() + ":" + from + "->" + to);
    }

    @Override
    public void removed(TargetConfig target) {
        events.add(target.name() + ":removed");
    }

    long count(String event) {
        return events.stream().filter(event::equals).count();
    }
}
