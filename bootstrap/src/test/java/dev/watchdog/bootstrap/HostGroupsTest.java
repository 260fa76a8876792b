package dev.watchdog.bootstrap;

import static dev.watchdog.bootstrap.TestControl.GATE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HostGroupsTest {

    private static final String[] CLUSTER = {"mongo-1:27017", "mongo-2:27017"};

    @AfterEach
    void reset() {
        TestControl.delivered();
        GATE.close("mongo-1:27017");
        GATE.close("mongo-2:27017");
        GATE.setEnforcing(true);
    }

    @Test
    void rejectedOnlyWhileEveryHostIsOpen() {
        assertNull(HostGroups.rejectAll(CLUSTER, false));
        GATE.open("mongo-1:27017", "mongo-1 down");
        assertNull(HostGroups.rejectAll(CLUSTER, false), "mongo-2 still serves");
        GATE.open("mongo-2:27017", "mongo-2 down");
        assertEquals("mongo-1 down", HostGroups.rejectAll(CLUSTER, false), "the first host's message");
        assertEquals("mongo-2 down", HostGroups.rejectAll(new String[] {"mongo-2:27017"}, false));
    }

    @Test
    void aHalfOpenHostLetsACallThroughThatTakesNoPermit() {
        GATE.open("mongo-1:27017", "mongo-1 down");
        GATE.halfOpen("mongo-2:27017", "mongo-2 trial", 1);
        assertNull(HostGroups.rejectAll(CLUSTER, false));
        assertNull(HostGroups.rejectAll(CLUSTER, false), "no permit taken: the next call passes too");
    }

    @Test
    void observeModeNeverRejects() {
        GATE.setEnforcing(false);
        GATE.open("mongo-1:27017", "mongo-1 down");
        GATE.open("mongo-2:27017", "mongo-2 down");
        assertNull(HostGroups.rejectAll(CLUSTER, false));
    }

    @Test
    void noHostsOrAMissingOneMeansNoRejection() {
        GATE.open("mongo-1:27017", "mongo-1 down");
        assertNull(HostGroups.rejectAll(null, false));
        assertNull(HostGroups.rejectAll(new String[0], false));
        assertNull(HostGroups.rejectAll(new String[] {"mongo-1:27017", null}, false));
    }
}
