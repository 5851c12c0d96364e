package io.memberlist.sim;

/** A forecast was refused, or stopped, because it would cost more than its {@link ForecastBudget}. */
public final class ForecastBudgetExceededException extends RuntimeException {
    private final ForecastBudget budget;

    ForecastBudgetExceededException(String message, ForecastBudget budget) {
        super(message);
        this.budget = budget;
    }

    /** The limits that were exceeded, for a caller to show. */
    public ForecastBudget budget() {
        return budget;
    }
}
