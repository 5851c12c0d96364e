package io.memberlist.spring.ui;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code memberlist.ui.*}: the live view page. */
@ConfigurationProperties(MemberlistUiProperties.PREFIX)
public class MemberlistUiProperties {
    public static final String PREFIX = "memberlist.ui";

    /**
     * Serve the live view at {@code <management base path>/memberlist/ui} (needs Spring MVC and the
     * {@code memberlist} endpoint exposed).
     */
    private boolean enabled = false;

    /** How many membership transitions the timeline keeps for a page opened later (1..10000). */
    private int timelineSize = 200;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getTimelineSize() {
        return timelineSize;
    }

    public void setTimelineSize(int timelineSize) {
        this.timelineSize = timelineSize;
    }
}
