package dev.ddb.metrics.api;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.ddb.metrics.observation.InvalidObservationException;
import dev.ddb.metrics.tracking.UnknownInstanceException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Maps every failure to the one JSON error shape with a status the client can act on. */
@RestControllerAdvice
class ApiErrors {

    @ExceptionHandler(UnknownInstanceException.class)
    ResponseEntity<ErrorResponse> unknownInstance(UnknownInstanceException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ErrorResponse.of("UNKNOWN_INSTANCE", e.getMessage()));
    }

    @ExceptionHandler(InvalidObservationException.class)
    ResponseEntity<ErrorResponse> invalidObservation(InvalidObservationException e) {
        return ResponseEntity.badRequest().body(ErrorResponse.of(e.code(), e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
        if (e.getMostSpecificCause() instanceof UnrecognizedPropertyException unknown) {
            return ResponseEntity.badRequest().body(ErrorResponse.of("UNKNOWN_FIELD", "The body has a field '"
                    + unknown.getPropertyName() + "' that observations do not have; allowed: replica_id, apply_latency_ms, "
                    + "or observations (a list of {replica_id, apply_latency_ms})."));
        }
        return ResponseEntity.badRequest().body(ErrorResponse.of("MALFORMED_JSON",
                "The body is not valid JSON for this endpoint: " + firstLine(e.getMostSpecificCause().getMessage())));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(ErrorResponse.of("UNSUPPORTED_MEDIA_TYPE",
                "Send the body as application/json (got " + e.getContentType() + ")."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorResponse> method(HttpRequestMethodNotSupportedException e) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(ErrorResponse.of("METHOD_NOT_ALLOWED",
                "This endpoint does not accept " + e.getMethod() + "."));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorResponse> notFound(NoResourceFoundException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ErrorResponse.of("NOT_FOUND",
                "There is no endpoint at /" + e.getResourcePath() + "."));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "empty body";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
