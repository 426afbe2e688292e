package dev.ddb.coordinator.api;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ResponseEntity;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /query}: one statement, or a list run as one transaction.
 *
 * <p>A plain servlet rather than a Spring MVC controller. Under a write load, MVC's per-request work
 * (handler lookup, argument resolution, content negotiation, return value handling) took about 40 %
 * of a request thread's CPU, more than the query's own; this endpoint has one method, one body type
 * and one answer type and needs none of it. The servlet filters still apply (request size limit,
 * CORS, character encoding), the JSON mapper is the one Spring Boot configured (unknown fields are
 * refused), and failures get the same statuses, codes and shape as every other endpoint through
 * {@link ApiErrors}.
 */
final class QueryServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient QueryExecution execution;
    private final transient ApiErrors errors;
    private final transient ObjectReader requests;
    private final transient ObjectWriter answers;

    QueryServlet(QueryExecution execution, ApiErrors errors, JsonMapper json) {
        this.execution = execution;
        this.errors = errors;
        this.requests = json.readerFor(QueryRequest.class);
        this.answers = json.writer();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            respond(response, errors.methodNotAllowed(request.getMethod()));
            return;
        }
        String contentType = request.getContentType();
        if (!isJson(contentType)) {
            respond(response, errors.unsupportedMediaType(contentType == null ? "application/octet-stream" : contentType));
            return;
        }
        ResponseEntity<?> answer;
        try {
            QueryRequest body = requests.readValue(request.getInputStream());
            answer = body == null
                    ? errors.unreadableBody(new IllegalArgumentException("the body is empty or null"))
                    : ResponseEntity.ok(execution.execute(body));
        } catch (JacksonException e) {
            answer = errors.unreadableBody(e);
        } catch (RuntimeException e) {
            answer = errors.forFailure(e);
        }
        respond(response, answer);
    }

    /** application/json, or any application/...+json, with or without parameters. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"));
    }

    /**
     * Writes the answer whole, with its length: streamed, Tomcat chunked it and flushed it on close, about 15 % of a
     * request thread's CPU samples under a write load.
     */
    private void respond(HttpServletResponse response, ResponseEntity<?> answer) throws IOException {
        byte[] body = answers.writeValueAsBytes(answer.getBody());
        response.setStatus(answer.getStatusCode().value());
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
