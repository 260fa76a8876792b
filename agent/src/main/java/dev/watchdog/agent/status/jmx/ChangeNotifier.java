package dev.watchdog.agent.status.jmx;

import java.util.concurrent.atomic.AtomicLong;
import javax.management.AttributeChangeNotification;
import javax.management.MBeanNotificationInfo;
import javax.management.NotificationBroadcasterSupport;

/** An MBean that emits {@link AttributeChangeNotification}s. Sent on the status thread, never on a check or call thread. */
abstract class ChangeNotifier extends NotificationBroadcasterSupport {

    private static final MBeanNotificationInfo[] INFO = {new MBeanNotificationInfo(
            new String[] {AttributeChangeNotification.ATTRIBUTE_CHANGE}, AttributeChangeNotification.class.getName(),
            "a breaker's state or a target's health changed")};

    private final AtomicLong sequence = new AtomicLong();

    ChangeNotifier() {
        super(INFO);
    }

    /** @param userData the host or target the change is about, so one listener on the Agent bean can tell them apart */
    void changed(Object source, String attribute, String from, String to, String message, String userData) {
        AttributeChangeNotification n = new AttributeChangeNotification(source, sequence.incrementAndGet(),
                System.currentTimeMillis(), message, attribute, String.class.getName(), from, to);
        n.setUserData(userData);
        sendNotification(n);
    }
}
