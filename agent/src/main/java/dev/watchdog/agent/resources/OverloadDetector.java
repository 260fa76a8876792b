package dev.watchdog.agent.resources;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Decides when a resource is overloaded: after {@code sustain} consecutive samples at or above its
 * threshold; it ends only when the value falls {@value #HYSTERESIS} points below the threshold, so a
 * value hovering around the threshold does not flap. An unknown value changes nothing.
 */
final class OverloadDetector {

    static final int HYSTERESIS = 5;

    /** One watched resource. */
    private static final class Watched {
        final String name;
        final int threshold;
        final Function<ResourceSnapshot, Reading> reading;
        int above;
        boolean overloaded;

        Watched(String name, int threshold, Function<ResourceSnapshot, Reading> reading) {
            this.name = name;
            this.threshold = threshold;
            this.reading = reading;
        }
    }

    private final int sustain;
    private final List<Watched> watched = new ArrayList<>();

    OverloadDetector(int sustain) {
        this.sustain = sustain;
    }

    OverloadDetector watch(String name, int threshold, Function<ResourceSnapshot, Reading> reading) {
        watched.add(new Watched(name, threshold, reading));
        return this;
    }

    /**
     * Carries what {@code old} counted for each resource both watch (a reload's new thresholds): an overload
     * goes on and ends by the new threshold. A resource only {@code old} watched is dropped with its state.
     */
    OverloadDetector carryFrom(OverloadDetector old) {
        for (Watched w : watched) {
            for (Watched o : old.watched) {
                if (o.name.equals(w.name)) {
                    w.above = o.above;
                    w.overloaded = o.overloaded;
                }
            }
        }
        return this;
    }

    /** @return the overloads that started or ended with this sample, in watch order */
    List<Overload> update(ResourceSnapshot s) {
        List<Overload> changes = new ArrayList<>();
        for (Watched w : watched) {
            Reading r = w.reading.apply(s);
            if (!r.known()) {
                continue;
            }
            double v = r.percent();
            if (!w.overloaded) {
                w.above = v >= w.threshold ? w.above + 1 : 0;
                if (w.above >= sustain) {
                    w.overloaded = true;
                    changes.add(new Overload(w.name, w.threshold, v, true));
                }
            } else if (v <= w.threshold - HYSTERESIS) {
                w.overloaded = false;
                w.above = 0;
                changes.add(new Overload(w.name, w.threshold, v, false));
            }
        }
        return changes;
    }

    /** The resources overloaded now. */
    List<String> overloaded() {
        List<String> names = new ArrayList<>();
        watched.stream().filter(w -> w.overloaded).forEach(w -> names.add(w.name));
        return names;
    }
}
