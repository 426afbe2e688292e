package dev.ddb.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class AuthenticatorTest {

    static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void basicPasswordIsDerivedOnceThenAnsweredInMicroseconds() {
        Users users = Users.parse("ada:writer:" + PasswordHash.of("s3cret:with colon", 200_000).encoded());
        Authenticator authenticator = new Authenticator(users, Tokens.none());
        String header = basic("ada:s3cret:with colon");

        long first = System.nanoTime();
        assertThat(authenticator.authenticate(header)).isEqualTo(new Authenticator.Authenticated(new Caller("ada", Role.WRITER)));
        long firstNanos = System.nanoTime() - first;

        long best = Long.MAX_VALUE;
        for (int i = 0; i < 1_000; i++) {
            long start = System.nanoTime();
            authenticator.authenticate(header);
            best = Math.min(best, System.nanoTime() - start);
        }
        assertThat(best).as("a cached verdict, in ns").isLessThan(50_000);
        assertThat(firstNanos).as("the first verification derives the hash").isGreaterThan(10 * best);
    }

    @Test
    void wrongPasswordStaysWrongAndUnknownUserLooksTheSame() {
        Users users = Users.parse("ada:reader:" + PasswordHash.of("right", 1_000).encoded());
        Authenticator authenticator = new Authenticator(users, Tokens.none());
        Authenticator.Rejected wrong = (Authenticator.Rejected) authenticator.authenticate(basic("ada:wrong"));
        Authenticator.Rejected unknown = (Authenticator.Rejected) authenticator.authenticate(basic("bob:right"));
        assertThat(wrong).isEqualTo(unknown);
        assertThat(authenticator.authenticate(basic("ada:wrong"))).isEqualTo(wrong);
        assertThat(authenticator.authenticate(basic("ada:right"))).isInstanceOf(Authenticator.Authenticated.class);
    }

    @Test
    void bearerTokenIsFoundByItsDigest() {
        Tokens tokens = Tokens.parse("ci:writer:" + Sha256.hex("t1") + "\nbot:reader:" + Sha256.hex("t2"));
        Authenticator authenticator = new Authenticator(Users.none(), tokens);
        assertThat(authenticator.authenticate("Bearer t2")).isEqualTo(new Authenticator.Authenticated(new Caller("bot", Role.READER)));
        assertThat(authenticator.authenticate("bearer   t1 ")).isEqualTo(new Authenticator.Authenticated(new Caller("ci", Role.WRITER)));
        assertThat(authenticator.authenticate("Bearer t3")).isInstanceOf(Authenticator.Rejected.class);
        assertThat(authenticator.authenticate(null)).isInstanceOf(Authenticator.Anonymous.class);
        assertThat(authenticator.authenticate("Bearer")).isInstanceOf(Authenticator.Rejected.class);
    }
}
