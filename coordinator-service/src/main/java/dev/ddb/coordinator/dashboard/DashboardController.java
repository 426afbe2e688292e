package dev.ddb.coordinator.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /dashboard}: one self-contained page (no script or style from the network) that polls {@code /status}
 * and {@code /admin/current-quorum} and shows the topology, lag, Cabinet's weights over time, elections and failovers,
 * and divergence. It asks for what any caller may read; the weights need the admin.
 */
@RestController
class DashboardController {

    private static final String PAGE = "dashboard/index.html";

    private final String page;

    DashboardController() {
        try (InputStream in = DashboardController.class.getClassLoader().getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the classpath");
            }
            this.page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + PAGE, e);
        }
    }

    @GetMapping("/dashboard")
    ResponseEntity<String> dashboard() {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
                .header("Cache-Control", "no-store")
                .body(page);
    }
}
