package dev.ddb.timestamp.api;

import dev.ddb.timestamp.allocation.ReservationNotPersistedException;
import dev.ddb.timestamp.allocation.TimestampOverflowException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

@RestControllerAdvice
class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(InvalidParameterException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ErrorResponse invalidParameter(InvalidParameterException e) {
        return ErrorResponse.of("INVALID_PARAMETER", e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ErrorResponse typeMismatch(MethodArgumentTypeMismatchException e) {
        return ErrorResponse.of("INVALID_PARAMETER", "parameter '" + e.getName()
                + "' must be a whole number no larger than " + Long.MAX_VALUE + ", got '" + e.getValue() + "'");
    }

    @ExceptionHandler(TimestampOverflowException.class)
    @ResponseStatus(HttpStatus.BAD_REQUEST)
    ErrorResponse overflow(TimestampOverflowException e) {
        return ErrorResponse.of("INVALID_PARAMETER", "parameter 'floor' is too large: " + e.getMessage());
    }

    @ExceptionHandler(ReservationNotPersistedException.class)
    @ResponseStatus(HttpStatus.SERVICE_UNAVAILABLE)
    ErrorResponse reservationNotPersisted(ReservationNotPersistedException e) {
        log.error("refusing to issue timestamps", e);
        return ErrorResponse.of("RESERVATION_NOT_PERSISTED", "no timestamp was issued: " + e.getMessage());
    }
}
