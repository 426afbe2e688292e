package dev.ddb.cabinet.api;

import dev.ddb.cabinet.metrics.MetricsUnavailableException;
import dev.ddb.cabinet.metrics.NoMasterException;
import dev.ddb.cabinet.weights.ClusterTooSmallException;
import dev.ddb.cabinet.weights.InvalidExclusionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Maps every failure to the one JSON error shape with a status the client can act on. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(MetricsUnavailableException.class)
    ResponseEntity<ErrorResponse> metricsUnavailable(MetricsUnavailableException e) {
        log.warn("no quorum weighed: {}", e.getMessage());
        return error(HttpStatus.SERVICE_UNAVAILABLE, "METRICS_UNAVAILABLE", "No weights computed: " + e.getMessage());
    }

    @ExceptionHandler(NoMasterException.class)
    ResponseEntity<ErrorResponse> noMaster(NoMasterException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "NO_MASTER", "No weights computed: " + e.getMessage());
    }

    @ExceptionHandler(ClusterTooSmallException.class)
    ResponseEntity<ErrorResponse> clusterTooSmall(ClusterTooSmallException e) {
        return error(HttpStatus.CONFLICT, "CLUSTER_TOO_SMALL", e.getMessage());
    }

    @ExceptionHandler(InvalidExclusionException.class)
    ResponseEntity<ErrorResponse> invalidExclusion(InvalidExclusionException e) {
        return error(HttpStatus.BAD_REQUEST, "INVALID_EXCLUDE", e.getMessage());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<ErrorResponse> invalidRequest(InvalidRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.code(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return error(HttpStatus.BAD_REQUEST, "UNKNOWN_FIELD", "The request has a field '"
                        + unknown.getPropertyName() + "' that this endpoint does not know; allowed: "
                        + unknown.getKnownPropertyIds());
            }
        }
        return error(HttpStatus.BAD_REQUEST, "MALFORMED_JSON",
                "The request body is not valid JSON for this endpoint: " + firstLine(e.getMostSpecificCause()));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorResponse> mediaType(HttpMediaTypeNotSupportedException e) {
        return error(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE",
                "Send the body as application/json (got " + e.getContentType() + ").");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorResponse> method(HttpRequestMethodNotSupportedException e) {
        return error(HttpStatus.METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED",
                "This endpoint does not accept " + e.getMethod() + "; use POST.");
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorResponse> notFound(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, "NOT_FOUND", "There is no endpoint at /" + e.getResourcePath()
                + "; this service answers POST /select-quorum and POST /check-quorum.");
    }

    /** Spring MVC's own rejections keep their status; anything else is a bug worth a stack trace. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorResponse> unexpected(Exception e) {
        if (e instanceof org.springframework.web.ErrorResponse rejection) {
            return ResponseEntity.status(rejection.getStatusCode()).body(ErrorResponse.of("REQUEST_REJECTED",
                    "The request was rejected: " + rejection.getBody().getDetail()));
        }
        log.error("unexpected failure", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "The request failed unexpectedly: " + e.getClass().getSimpleName() + "; see the service log.");
    }

    private static ResponseEntity<ErrorResponse> error(HttpStatus status, String code, String message) {
        return ResponseEntity.status(status).body(ErrorResponse.of(code, message));
    }

    private static String firstLine(Throwable cause) {
        String text = cause.getMessage();
        if (text == null) {
            return "empty body";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
