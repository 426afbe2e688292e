package dev.ddb.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A service's table of endpoints and what each asks of its callers, read top to bottom, first match wins:
 *
 * <pre>{@code
 * EndpointRules.builder()
 *         .get("/actuator/health", Access.open())
 *         .get("/timestamp", Access.anyOf(Role.SERVICE)).changesState()
 *         .any("/actuator/**", Access.anyOf(Role.ADMIN))
 *         .otherwise(Access.anyCaller());
 * }</pre>
 *
 * Paths are matched segment by segment: {@code *} stands for one segment, a final {@code **} for any number (none
 * included). A trailing slash is ignored. {@code get} rules answer HEAD too.
 */
public final class EndpointRules {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** One line of the table. {@code method} null matches every method. */
    public record Rule(String method, String pattern, Access access, boolean changesStateOnSafeMethods) {

        boolean matches(String requestMethod, List<String> path) {
            if (method != null && !method.equals(requestMethod) && !(method.equals("GET") && requestMethod.equals("HEAD"))) {
                return false;
            }
            return segmentsMatch(segments(pattern), path);
        }

        /** Unsafe methods always change something; a GET does when the table says so (a timestamp is used up). */
        public boolean changesState(String requestMethod) {
            return changesStateOnSafeMethods || !SAFE_METHODS.contains(requestMethod);
        }
    }

    private final List<Rule> rules;
    private final Rule otherwise;

    private EndpointRules(List<Rule> rules, Access otherwise) {
        this.rules = List.copyOf(rules);
        this.otherwise = new Rule(null, "/**", otherwise, false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first rule that matches, else the table's {@code otherwise}. */
    public Rule match(String method, String path) {
        String upper = method.toUpperCase(Locale.ROOT);
        List<String> segments = segments(path);
        for (Rule rule : rules) {
            if (rule.matches(upper, segments)) {
                return rule;
            }
        }
        return otherwise;
    }

    private static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private static boolean segmentsMatch(List<String> pattern, List<String> path) {
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.equals("**") && i == pattern.size() - 1) {
                return true;
            }
            if (i >= path.size() || !(p.equals("*") || p.equals(path.get(i)))) {
                return false;
            }
        }
        return pattern.size() == path.size();
    }

    public static final class Builder {

        private final List<Rule> rules = new ArrayList<>();

        private Builder() {
        }

        public Builder get(String pattern, Access access) {
            return add("GET", pattern, access);
        }

        public Builder post(String pattern, Access access) {
            return add("POST", pattern, access);
        }

        /** Every method. */
        public Builder any(String pattern, Access access) {
            return add(null, pattern, access);
        }

        /** The rule just added changes state even on GET, so browsers on other sites are refused it. */
        public Builder changesState() {
            Rule last = rules.remove(rules.size() - 1);
            rules.add(new Rule(last.method(), last.pattern(), last.access(), true));
            return this;
        }

        /** Ends the table: what every endpoint it does not name asks. */
        public EndpointRules otherwise(Access access) {
            return new EndpointRules(rules, access);
        }

        private Builder add(String method, String pattern, Access access) {
            if (!pattern.startsWith("/")) {
                throw new IllegalArgumentException("an endpoint pattern starts with '/': " + pattern);
            }
            rules.add(new Rule(method, pattern, access, false));
            return this;
        }
    }
}
