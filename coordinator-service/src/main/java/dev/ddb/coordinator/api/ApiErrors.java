package dev.ddb.coordinator.api;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

import dev.ddb.coordinator.error.CoordinatorException;
import dev.ddb.coordinator.error.SqlErrors;
import dev.ddb.coordinator.query.QueryRejectedException;
import dev.ddb.coordinator.read.ReadStatementException;
import dev.ddb.coordinator.read.ReadUnavailableException;

/** Maps every failure to the one JSON error shape with a status the client can act on. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(QueryRejectedException.class)
    ResponseEntity<ErrorResponse> rejected(QueryRejectedException e) {
        return ResponseEntity.badRequest().body(ErrorResponse.of(e.code().name(), e.getMessage()));
    }

    @ExceptionHandler(CoordinatorException.class)
    ResponseEntity<ErrorResponse> coordinator(CoordinatorException e) {
        if (e.status() >= 500) {
            log.warn("{}: {}", e.code(), e.getMessage());
        }
        return ResponseEntity.status(e.status())
                .body(new ErrorResponse(false, e.code(), e.getMessage(), e.acknowledgedBy(), e.timestamp().orElse(null)));
    }

    @ExceptionHandler(ReadStatementException.class)
    ResponseEntity<ErrorResponse> readRefused(ReadStatementException e) {
        return coordinator(SqlErrors.statementFailed(e.sqlException()));
    }

    @ExceptionHandler(ReadUnavailableException.class)
    ResponseEntity<ErrorResponse> readUnavailable(ReadUnavailableException e) {
        return coordinator(CoordinatorException.unavailable("NO_INSTANCE_AVAILABLE", e.getMessage(), e));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ErrorResponse> illegalArgument(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(ErrorResponse.of("INVALID_REQUEST", e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
        return unreadableBody(e);
    }

    /** A body that could not be read as the endpoint's JSON; {@code e} or one of its causes says why. */
    ResponseEntity<ErrorResponse> unreadableBody(Throwable e) {
        Throwable mostSpecific = e;
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CoordinatorException coordinatorException) {
                return coordinator(coordinatorException);
            }
            mostSpecific = cause;
        }
        String detail = mostSpecific.getMessage();
        if (detail != null && detail.startsWith("Unrecognized property")) {
            String field = detail.replaceFirst("(?s)^Unrecognized property \"([^\"]*)\".*", "$1");
            return ResponseEntity.badRequest().body(ErrorResponse.of("UNKNOWN_FIELD",
                    "The request has a field '" + field + "' that /query does not know; allowed: query, queries, params, "
                            + "consistency, min_timestamp, max_lag_ms."));
        }
        return ResponseEntity.badRequest().body(ErrorResponse.of("MALFORMED_JSON",
                "The request body is not valid JSON for this endpoint: " + firstLine(detail)));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorResponse> typeMismatch(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.badRequest().body(ErrorResponse.of("INVALID_PARAMETER",
                "Parameter '" + e.getName() + "' has an invalid value '" + e.getValue() + "'."));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e) {
        return unsupportedMediaType(String.valueOf(e.getContentType()));
    }

    ResponseEntity<ErrorResponse> unsupportedMediaType(String contentType) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).body(ErrorResponse.of("UNSUPPORTED_MEDIA_TYPE",
                "Send the body as application/json (got " + contentType + ")."));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorResponse> method(HttpRequestMethodNotSupportedException e) {
        return methodNotAllowed(e.getMethod());
    }

    ResponseEntity<ErrorResponse> methodNotAllowed(String method) {
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).body(ErrorResponse.of("METHOD_NOT_ALLOWED",
                "This endpoint does not accept " + method + "."));
    }

    /**
     * What the handlers above answer for a failure thrown outside Spring MVC ({@link HttpFront});
     * anything unforeseen is a 500 in the same shape.
     */
    ResponseEntity<ErrorResponse> forFailure(Exception e) {
        if (e instanceof QueryRejectedException rejected) {
            return rejected(rejected);
        }
        if (e instanceof CoordinatorException coordinatorException) {
            return coordinator(coordinatorException);
        }
        if (e instanceof ReadStatementException refused) {
            return readRefused(refused);
        }
        if (e instanceof ReadUnavailableException unavailable) {
            return readUnavailable(unavailable);
        }
        if (e instanceof IllegalArgumentException illegal) {
            return illegalArgument(illegal);
        }
        log.error("request failed", e);
        return ResponseEntity.internalServerError().body(ErrorResponse.of("INTERNAL_ERROR",
                "The coordinator failed unexpectedly (" + e.getClass().getSimpleName() + "); see its log."));
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
