package dev.ddb.cabinet.weights;

/** A request asked to exclude the master or an instance the cluster does not have. */
public class InvalidExclusionException extends RuntimeException {

    public InvalidExclusionException(String message) {
        super(message);
    }
}
