package dev.watchdog.agent.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverloadDetectorTest {

    private static ResourceSnapshot cpu(double percent) {
        Reading r = Double.isNaN(percent) ? Reading.unknown("test") : Reading.ofPercent(percent, "test");
        Reading none = Reading.unknown("test");
        return new ResourceSnapshot(null, r, none, none, none, none, List.of());
    }

    private static List<String> run(OverloadDetector d, double... values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            d.update(cpu(v)).forEach(o -> out.add((o.started() ? "start " : "end ") + o.resource() + "@" + (int) o.percent()));
        }
        return out;
    }

    @Test
    void raisedAfterSustainedSamplesOnly() {
        OverloadDetector d = new OverloadDetector(2).watch("cpu", 90, ResourceSnapshot::cpu);
        assertEquals(List.of(), run(d, 95, 50, 95, 50, 91, 20));
        assertEquals(List.of("start cpu@92"), run(d, 90.5, 92, 99, 100));
        assertEquals(List.of("cpu"), d.overloaded());
    }

    @Test
    void clearedOnlyFivePointsBelow() {
        OverloadDetector d = new OverloadDetector(1).watch("cpu", 90, ResourceSnapshot::cpu);
        assertEquals(List.of("start cpu@95"), run(d, 95));
        assertEquals(List.of(), run(d, 89, 86, 85.1, 92, 87), "hovering under the threshold does not clear");
        assertEquals(List.of("end cpu@85"), run(d, 85));
        assertEquals(List.of(), d.overloaded());
        assertEquals(List.of("start cpu@90"), run(d, 90), "threshold reached again: raised again");
    }

    @Test
    void unknownValuesChangeNothing() {
        OverloadDetector d = new OverloadDetector(2).watch("cpu", 50, ResourceSnapshot::cpu);
        assertEquals(List.of("start cpu@60"), run(d, 60, Double.NaN, 60), "an unknown sample neither counts nor resets");
        assertEquals(List.of(), run(d, Double.NaN, Double.NaN));
        assertEquals(List.of("end cpu@0"), run(d, 0));
    }
}
