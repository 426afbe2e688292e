package dev.ddb.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an {@code Authorization} header into a caller, in microseconds once warm.
 *
 * <p>{@code Bearer} tokens cost one SHA-256. {@code Basic} passwords are verified with PBKDF2 (about half a second)
 * the first time a given header is seen, and the verdict, right or wrong, is then cached under the SHA-256 of the
 * header: users come from configuration and do not change while a service runs, so a verdict never goes stale, and
 * the cache holds no password. Derivations run one at a time, so a flood of new guesses takes one core, not all.
 */
public final class Authenticator {

    /** What the header said. */
    public sealed interface Outcome {
    }

    /** No credentials were sent. */
    public record Anonymous() implements Outcome {
    }

    public record Authenticated(Caller caller) implements Outcome {
    }

    /** Credentials were sent and are not valid; {@code reason} names no secret. */
    public record Rejected(String reason) implements Outcome {
    }

    /** Distinct Basic headers remembered; past this the cache starts again, which costs each user one derivation. */
    static final int MAX_CACHED_VERDICTS = 10_000;

    private static final Anonymous ANONYMOUS = new Anonymous();

    private final Users users;
    private final Tokens tokens;
    private final Map<ByteBuffer, Optional<Caller>> basicVerdicts = new ConcurrentHashMap<>();
    private final Object derivation = new Object();

    public Authenticator(Users users, Tokens tokens) {
        this.users = users;
        this.tokens = tokens;
    }

    public Outcome authenticate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return ANONYMOUS;
        }
        String header = authorization.trim();
        if (hasScheme(header, "Bearer")) {
            return tokens.find(header.substring(6).trim())
                    .<Outcome>map(Authenticated::new)
                    .orElseGet(() -> new Rejected("the bearer token is not valid"));
        }
        if (hasScheme(header, "Basic")) {
            return basic(header);
        }
        return new Rejected("only Basic and Bearer credentials are accepted");
    }

    private Outcome basic(String header) {
        ByteBuffer key = ByteBuffer.wrap(Sha256.of(header));
        Optional<Caller> verdict = basicVerdicts.get(key);
        if (verdict == null) {
            String userAndPassword;
            try {
                userAndPassword = new String(Base64.getDecoder().decode(header.substring(5).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return new Rejected("the Basic credentials are not base64");
            }
            int colon = userAndPassword.indexOf(':');
            if (colon < 0) {
                return new Rejected("the Basic credentials must be user:password");
            }
            verdict = verifyOnce(key, userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1));
        }
        return verdict.<Outcome>map(Authenticated::new).orElseGet(() -> new Rejected("the user name or password is not valid"));
    }

    private Optional<Caller> verifyOnce(ByteBuffer key, String user, String password) {
        synchronized (derivation) {
            Optional<Caller> verdict = basicVerdicts.get(key);
            if (verdict == null) {
                verdict = users.verify(user, password);
                if (basicVerdicts.size() >= MAX_CACHED_VERDICTS) {
                    basicVerdicts.clear();
                }
                basicVerdicts.put(key, verdict);
            }
            return verdict;
        }
    }

    private static boolean hasScheme(String header, String scheme) {
        return header.length() > scheme.length() && header.regionMatches(true, 0, scheme, 0, scheme.length())
                && header.charAt(scheme.length()) == ' ';
    }
}
