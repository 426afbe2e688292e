package dev.ddb.seer.api;

import dev.ddb.seer.metrics.MetricsUnavailableException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Maps every failure to the one JSON error shape. Spring MVC's own failures (wrong method, media type, path) go
 * through {@link ResponseEntityExceptionHandler}, which keeps their status codes; only the body is replaced.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(NoLeaderElectedException.class)
    ResponseEntity<ErrorResponse> noLeader(NoLeaderElectedException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT)
                .body(new ErrorResponse(false, "NO_ELIGIBLE_CANDIDATE", e.getMessage(), e.candidates()));
    }

    @ExceptionHandler(MetricsUnavailableException.class)
    ResponseEntity<ErrorResponse> metricsUnavailable(MetricsUnavailableException e) {
        log.warn("{}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .body(ErrorResponse.of("METRICS_UNAVAILABLE", e.getMessage()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorResponse> unexpected(Exception e) {
        log.error("unexpected failure", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ErrorResponse.of("INTERNAL_ERROR", "The election failed unexpectedly: " + e));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return badRequest("UNKNOWN_FIELD", "The request has a field '" + unknown.getPropertyName()
                        + "' that /elect-leader does not know; the only field is exclude_replicas.");
            }
            if (cause instanceof IllegalArgumentException invalid) {
                return badRequest("INVALID_REQUEST", invalid.getMessage());
            }
        }
        return badRequest("MALFORMED_JSON", "The request body is not valid JSON for /elect-leader, which takes"
                + " {\"exclude_replicas\": [\"instance-3\"]} or {}: " + firstLine(e.getMostSpecificCause().getMessage()));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        String code = status == null ? "HTTP_" + statusCode.value() : status.name();
        String message = e instanceof org.springframework.web.ErrorResponse spring
                && spring.getBody().getDetail() != null ? spring.getBody().getDetail() : e.getMessage();
        return ResponseEntity.status(statusCode).headers(headers).body(ErrorResponse.of(code, message));
    }

    private static ResponseEntity<Object> badRequest(String code, String message) {
        return ResponseEntity.badRequest().body(ErrorResponse.of(code, message));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "empty body";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
