package dev.ddb.auth.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.ddb.auth.Role;

/**
 * One caller of each role for tests, with the settings a service under test needs to know them, as constants a
 * {@code @SpringBootTest(properties = ...)} accepts. Test secrets only; the admin's hash has 1,000 iterations so a
 * test pays a millisecond for it, not half a second.
 */
public final class TestCallers {

    public static final String ADMIN_USER = "test-admin";
    public static final String ADMIN_PASSWORD = "test-admin-password";
    public static final String READER_TOKEN = "test-reader-token";
    public static final String WRITER_TOKEN = "test-writer-token";
    public static final String SERVICE_TOKEN = "test-service-token";

    public static final String USERS_PROPERTY = "DDB_USERS=" + ADMIN_USER
            + ":admin:pbkdf2-sha256.1000.AoGRXlbamXxURTcw9l_8Fw.T5wQKqTv2fJypbFtaReBBrChCyZ8Gr1Y4iRGiNzxBBA";
    public static final String TOKENS_PROPERTY = "DDB_TOKENS="
            + "test-reader:reader:0b2e8ed1ad9b540959ccfa412a59dbc86cf6a4874072936c2233bda4ced1e1c6,"
            + "test-writer:writer:2ad1fa3036ba59945c9083aa0c20d7042842734d68d66a8e7cd83704d1ebb394";
    public static final String SERVICE_TOKEN_PROPERTY = "DDB_SERVICE_TOKEN=" + SERVICE_TOKEN;
    /** Every caller treated as a remote one: how a test on 127.0.0.1 plays a caller on another machine. */
    public static final String AUTH_REQUIRED_PROPERTY = "DDB_AUTH=required";

    private TestCallers() {
    }

    /** The {@code Authorization} header of the test caller with this role: Basic for the admin, Bearer for the rest. */
    public static String authorization(Role role) {
        return switch (role) {
            case ADMIN -> "Basic " + Base64.getEncoder()
                    .encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
            case READER -> "Bearer " + READER_TOKEN;
            case WRITER -> "Bearer " + WRITER_TOKEN;
            case SERVICE -> "Bearer " + SERVICE_TOKEN;
        };
    }
}
