package io.memberlist.spring.autoconfigure;

/**
 * The memberlist node cannot start as configured. Carries what went wrong and which setting to change;
 * {@link MemberlistFailureAnalyzer} prints both instead of a stack trace.
 */
public class MemberlistConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String action;

    public MemberlistConfigurationException(String description, String action, Throwable cause) {
        super(description, cause);
        this.action = action;
    }

    public MemberlistConfigurationException(String description, String action) {
        this(description, action, null);
    }

    /** What to change to make it start. */
    public String getAction() {
        return action;
    }
}
