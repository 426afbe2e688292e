package dev.ddb.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The decision every service shares, on a table shaped like the coordinator's (the loopback exception on /query) and a
 * helper service's (service-only endpoints, an open health check).
 */
class AccessGateTest {

    static final String ADMIN_PASSWORD = "correct horse";
    static final String READER_TOKEN = "reader-token-0123456789";
    static final String WRITER_TOKEN = "writer-token-0123456789";
    static final String SERVICE_TOKEN = "service-token-0123456789";

    static final EndpointRules RULES = EndpointRules.builder()
            .get("/actuator/health", Access.open())
            .post("/query", Access.anyOfOrLoopback(Role.READER))
            .get("/timestamp", Access.anyOf(Role.SERVICE)).changesState()
            .get("/metrics", Access.anyOf(Role.READER, Role.SERVICE))
            .post("/admin/**", Access.anyOf(Role.ADMIN))
            .otherwise(Access.anyCaller());

    static AuthSettings settings(String mode, String origins) {
        Map<String, String> env = Map.of(
                "DDB_AUTH", mode,
                "DDB_USERS", "root:admin:" + PasswordHash.of(ADMIN_PASSWORD, 1_000).encoded(),
                "DDB_TOKENS", "r:reader:" + Sha256.hex(READER_TOKEN) + ", w:writer:" + Sha256.hex(WRITER_TOKEN),
                "DDB_SERVICE_TOKEN_SHA256", Sha256.hex(SERVICE_TOKEN),
                "DDB_CORS_ALLOWED_ORIGINS", origins);
        return AuthSettings.from(env::get);
    }

    final AccessGate local = settings("", "https://dash.example").gate(RULES);
    final AccessGate required = settings("required", "https://dash.example").gate(RULES);

    static AccessRequest request(String method, String path, boolean loopback, String authorization) {
        return new AccessRequest(method, path, loopback, authorization, null, null);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void loopbackCallerNeedsNoCredentialsForQueryUnlessAuthIsRequired() {
        assertThat(local.decide(request("POST", "/query", true, null))).isEqualTo(new Verdict.Allowed(null, true));
        assertThat(required.decide(request("POST", "/query", true, null)))
                .isInstanceOfSatisfying(Verdict.Refused.class, r -> {
                    assertThat(r.status()).isEqualTo(401);
                    assertThat(r.error()).isEqualTo("AUTHENTICATION_REQUIRED");
                    assertThat(r.message()).startsWith("POST /query needs role reader");
                });
    }

    @Test
    void remoteCallerNeedsCredentialsForQuery() {
        assertThat(status(local.decide(request("POST", "/query", false, null)))).isEqualTo(401);
        assertThat(local.decide(request("POST", "/query", false, bearer(READER_TOKEN))))
                .isEqualTo(new Verdict.Allowed(new Caller("r", Role.READER), false));
    }

    @Test
    void anExemptRequestMayDoWhatTheRolesMayTheOthersOnlyWhatTheirCallerMay() {
        Verdict.Allowed loopback = (Verdict.Allowed) local.decide(request("POST", "/query", true, bearer(READER_TOKEN)));
        assertThat(loopback.mayActAs(Role.WRITER)).isTrue();
        Verdict.Allowed remote = (Verdict.Allowed) local.decide(request("POST", "/query", false, bearer(READER_TOKEN)));
        assertThat(remote.mayActAs(Role.WRITER, Role.SERVICE)).isFalse();
        assertThat(remote.mayActAs(Role.READER)).isTrue();
    }

    @Test
    void loopbackExceptionCoversOnlyTheEndpointsMarkedForIt() {
        assertThat(status(local.decide(request("GET", "/timestamp", true, null)))).isEqualTo(401);
        assertThat(status(local.decide(request("GET", "/metrics", true, null)))).isEqualTo(401);
        assertThat(status(local.decide(request("POST", "/admin/failover", true, null)))).isEqualTo(401);
    }

    @Test
    void healthIsOpenToEveryoneFromEverywhere() {
        assertThat(required.decide(request("GET", "/actuator/health", false, null))).isEqualTo(new Verdict.Allowed(null, true));
        assertThat(required.decide(request("GET", "/actuator/health", false, bearer(SERVICE_TOKEN))))
                .isEqualTo(new Verdict.Allowed(new Caller("service", Role.SERVICE), true));
    }

    @Test
    void eachRoleReachesItsEndpointsAndNoOthers() {
        record Case(String method, String path, String authorization, int status) {
        }
        String admin = basic("root", ADMIN_PASSWORD);
        for (Case c : new Case[] {
                new Case("GET", "/timestamp", bearer(SERVICE_TOKEN), 200),
                new Case("GET", "/timestamp", admin, 200),
                new Case("GET", "/timestamp", bearer(WRITER_TOKEN), 403),
                new Case("GET", "/timestamp", bearer(READER_TOKEN), 403),
                new Case("GET", "/metrics", bearer(READER_TOKEN), 200),
                new Case("GET", "/metrics", bearer(WRITER_TOKEN), 200),
                new Case("GET", "/metrics", bearer(SERVICE_TOKEN), 200),
                new Case("POST", "/admin/failover", admin, 200),
                new Case("POST", "/admin/failover", bearer(WRITER_TOKEN), 403),
                new Case("POST", "/admin/failover", bearer(SERVICE_TOKEN), 403),
                new Case("POST", "/query", bearer(SERVICE_TOKEN), 403),
                new Case("GET", "/unlisted", bearer(READER_TOKEN), 200),
                new Case("GET", "/unlisted", null, 401)}) {
            assertThat(status(required.decide(request(c.method(), c.path(), false, c.authorization()))))
                    .as("%s %s with %s", c.method(), c.path(), c.authorization())
                    .isEqualTo(c.status());
        }
    }

    @Test
    void wrongRoleIsRefusedWithTheRoleItNeeds() {
        Verdict.Refused refused = (Verdict.Refused) required.decide(request("GET", "/timestamp", false, bearer(WRITER_TOKEN)));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json()).isEqualTo("{\"success\":false,\"error\":\"INSUFFICIENT_ROLE\","
                + "\"message\":\"GET /timestamp needs role service; 'w' has role writer\"}");
        assertThat(refused.challenges()).isEmpty();
    }

    @Test
    void badCredentialsAreRefusedEvenWhereNoneAreNeeded() {
        for (String authorization : new String[] {bearer("guess"), basic("root", "guess"), basic("nobody", "x"),
                "Basic !!!", "Digest abc"}) {
            Verdict.Refused refused = (Verdict.Refused) local.decide(request("POST", "/query", true, authorization));
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.error()).isEqualTo("INVALID_CREDENTIALS");
            assertThat(refused.message()).doesNotContain("guess");
            assertThat(refused.challenges()).hasSize(2);
        }
    }

    @Test
    void badCredentialsOnTheOpenHealthCheckAreRefusedWithoutClaimingItNeedsAny() {
        Verdict.Refused refused = (Verdict.Refused) required.decide(request("GET", "/actuator/health", false, bearer("old")));
        assertThat(refused.message()).isEqualTo("the bearer token is not valid; GET /actuator/health takes valid credentials or none");
    }

    @Test
    void webPagesOfOtherOriginsMayNotChangeState() {
        AccessRequest foreignOrigin = new AccessRequest("POST", "/query", true, null, "https://evil.example", null);
        AccessRequest crossSite = new AccessRequest("GET", "/timestamp", false, bearer(SERVICE_TOKEN), null, "cross-site");
        AccessRequest allowedOrigin = new AccessRequest("POST", "/query", true, null, "https://dash.example", "cross-site");
        AccessRequest sameSite = new AccessRequest("GET", "/timestamp", false, bearer(SERVICE_TOKEN), null, "same-origin");
        AccessRequest crossSiteRead = new AccessRequest("GET", "/metrics", false, bearer(READER_TOKEN), "https://evil.example", "cross-site");

        Verdict.Refused refused = (Verdict.Refused) local.decide(foreignOrigin);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.error()).isEqualTo("CROSS_SITE_REQUEST");
        assertThat(refused.message()).contains("https://evil.example", "DDB_CORS_ALLOWED_ORIGINS");
        assertThat(status(local.decide(crossSite))).isEqualTo(403);
        assertThat(status(local.decide(allowedOrigin))).isEqualTo(200);
        assertThat(status(local.decide(sameSite))).isEqualTo(200);
        assertThat(status(local.decide(crossSiteRead))).isEqualTo(200);
    }

    @Test
    void noOriginIsAllowedByDefault() {
        AccessGate gate = settings("", "").gate(RULES);
        assertThat(status(gate.decide(new AccessRequest("POST", "/query", true, null, "http://localhost:3000", null))))
                .isEqualTo(403);
    }

    @Test
    void refusalBodyIsValidJsonWhateverTheMessageHolds() {
        Verdict.Refused refused = new Verdict.Refused(403, "CODE", "a \"quoted\" \\ path\n\u0001");
        assertThat(refused.json()).isEqualTo("{\"success\":false,\"error\":\"CODE\",\"message\":\"a \\\"quoted\\\" \\\\ path\\n\\u0001\"}");
    }

    static int status(Verdict verdict) {
        return verdict instanceof Verdict.Refused r ? r.status() : 200;
    }
}
