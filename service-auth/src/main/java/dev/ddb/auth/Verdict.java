package dev.ddb.auth;

import java.util.List;

/** The decision on one request: go on (as whom), or the answer to send instead. */
public sealed interface Verdict {

    /**
     * @param caller who sent it, or null when no credentials were needed and none were sent
     * @param exempt the endpoint's rule let it through whoever sent it (open to all, or the loopback exception), so
     *     an endpoint that asks more of some requests than of others (a write through {@code /query}) lets it too
     */
    record Allowed(Caller caller, boolean exempt) implements Verdict {

        /** Whether the sender may do what these roles may: an exempt request may, else its caller must act as one. */
        public boolean mayActAs(Role first, Role... more) {
            if (exempt) {
                return true;
            }
            if (caller == null) {
                return false;
            }
            if (caller.actsAs(first)) {
                return true;
            }
            for (Role role : more) {
                if (caller.actsAs(role)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * A refusal in the suite's error shape.
     *
     * @param status 401 (no or bad credentials) or 403 (the caller may not, or a browser on another site)
     * @param error a stable code: AUTHENTICATION_REQUIRED, INVALID_CREDENTIALS, INSUFFICIENT_ROLE, CROSS_SITE_REQUEST
     */
    record Refused(int status, String error, String message) implements Verdict {

        /** What a 401 offers, one {@code WWW-Authenticate} header each. */
        public List<String> challenges() {
            return status == 401 ? List.of("Bearer realm=\"ddb\"", "Basic realm=\"ddb\", charset=\"UTF-8\"") : List.of();
        }

        /** {@code {"success":false,"error":...,"message":...}}, as every service's error handler writes it. */
        public String json() {
            return "{\"success\":false,\"error\":" + quote(error) + ",\"message\":" + quote(message) + "}";
        }

        private static String quote(String text) {
            StringBuilder out = new StringBuilder(text.length() + 2).append('"');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '\n' -> out.append("\\n");
                    case '\r' -> out.append("\\r");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }
    }
}
