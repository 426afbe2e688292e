package dev.ddb.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CredentialFormatsTest {

    @Test
    void passwordHashRoundTripsThroughItsText() {
        PasswordHash hash = PasswordHash.of("pw", 1_000);
        assertThat(hash.encoded()).matches("pbkdf2-sha256\\.1000\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}");
        PasswordHash parsed = PasswordHash.parse(hash.encoded());
        assertThat(parsed.matches("pw")).isTrue();
        assertThat(parsed.matches("pW")).isFalse();
        assertThat(PasswordHash.of("pw").iterations()).isEqualTo(600_000);
    }

    @Test
    void malformedSettingsNameTheEntryNeverTheSecret() {
        assertThatThrownBy(() -> Users.parse("ada:admin:plain-password"))
                .hasMessageContaining("DDB_USERS entry 1 (user 'ada')").hasMessageNotContaining("plain-password");
        assertThatThrownBy(() -> Users.parse("ada:boss:" + PasswordHash.of("x", 1).encoded()))
                .hasMessageContaining("unknown role 'boss'; one of reader, writer, admin, service");
        assertThatThrownBy(() -> Tokens.parse("ci:writer:abc")).hasMessageContaining("DDB_TOKENS entry 1 (token 'ci')");
        assertThatThrownBy(() -> AuthMode.parse("maybe")).hasMessageContaining("DDB_AUTH");
        assertThatThrownBy(() -> AuthSettings.from(name -> name.equals("DDB_SERVICE_TOKEN_SHA256") ? "zz" : null))
                .hasMessageStartingWith("DDB_SERVICE_TOKEN_SHA256");
    }

    @Test
    void settingsCountWhatTheyHoldWithoutSecrets() {
        AuthSettings settings = AuthSettings.from(name -> switch (name) {
            case "DDB_SERVICE_TOKEN" -> "the-service-token";
            case "DDB_TOKENS" -> "w:writer:" + Sha256.hex("x");
            default -> null;
        });
        assertThat(settings.mode()).isEqualTo(AuthMode.LOOPBACK_TRUSTED);
        assertThat(settings.tokens().find("the-service-token")).contains(new Caller("service", Role.SERVICE));
        assertThat(settings.summary()).contains("0 user(s), 2 token(s)").doesNotContain("the-service-token");
        assertThat(ServiceToken.from(name -> name.equals("DDB_SERVICE_TOKEN") ? "abc" : null).authorization())
                .contains("Bearer abc");
        assertThat(ServiceToken.from(name -> null).authorization()).isEmpty();
    }

    @Test
    void endpointPatternsMatchBySegment() {
        EndpointRules rules = EndpointRules.builder()
                .get("/metrics/*", Access.anyOf(Role.READER))
                .any("/actuator/**", Access.anyOf(Role.ADMIN))
                .otherwise(Access.anyCaller());
        assertThat(rules.match("GET", "/metrics/instance-2").access()).isEqualTo(Access.anyOf(Role.READER));
        assertThat(rules.match("HEAD", "/metrics/instance-2/").access()).isEqualTo(Access.anyOf(Role.READER));
        assertThat(rules.match("GET", "/metrics/a/b").access()).isEqualTo(Access.anyCaller());
        assertThat(rules.match("POST", "/metrics/x").access()).isEqualTo(Access.anyCaller());
        assertThat(rules.match("DELETE", "/actuator").access()).isEqualTo(Access.anyOf(Role.ADMIN));
        assertThat(rules.match("get", "/actuator/health/db").access()).isEqualTo(Access.anyOf(Role.ADMIN));
    }

    @Test
    void loopbackMeansTheLoopbackInterfaceOnly() {
        assertThat(Loopback.isLoopback("127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopback("127.3.4.5")).isTrue();
        assertThat(Loopback.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(Loopback.isLoopback("::ffff:127.0.0.1")).isTrue();
        assertThat(Loopback.isLoopback("10.0.0.5")).isFalse();
        assertThat(Loopback.isLoopback("fe80::1")).isFalse();
        assertThat(Loopback.isLoopback("localhost")).isFalse();
        assertThat(Loopback.isLoopback(null)).isFalse();
    }
}
