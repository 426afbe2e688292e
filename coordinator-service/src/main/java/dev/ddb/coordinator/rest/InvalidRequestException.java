package dev.ddb.coordinator.rest;

import dev.ddb.coordinator.error.CoordinatorException;

/** A REST request refused before any SQL was built: HTTP 400 with a code naming the bad part. */
final class InvalidRequestException extends CoordinatorException {

    InvalidRequestException(String code, String message) {
        super(400, code, message);
    }
}
