package io.memberlist.runtime;

import io.memberlist.MemberlistException;
import io.memberlist.NodeNameTakenException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Counts the answers to one join's push/pulls; succeeds with how many seeds answered, fails if none did. */
final class JoinTracker {
    private final CompletableFuture<Integer> result;
    private final List<String> errors;
    private int pending;
    private int succeeded;
    private boolean nameTaken;

    JoinTracker(int seeds, List<String> resolutionErrors, CompletableFuture<Integer> result) {
        this.pending = seeds;
        this.errors = new ArrayList<>(resolutionErrors);
        this.result = result;
        if (seeds == 0) {
            finish();
        }
    }

    void done(String error, boolean refusedForName) {
        if (error == null) {
            succeeded++;
        } else {
            errors.add(error);
            nameTaken |= refusedForName;
        }
        if (--pending == 0) {
            finish();
        }
    }

    private void finish() {
        if (succeeded > 0) {
            result.complete(succeeded);
        } else {
            String message = "could not join any seed: "
                    + (errors.isEmpty() ? "no seeds given" : String.join("; ", errors));
            result.completeExceptionally(nameTaken ? new NodeNameTakenException(message)
                    : new MemberlistException(message));
        }
    }
}
