package dev.ddb.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void fileIsMadeOnceOwnerOnlyAndReusedAfterwards() throws Exception {
        Path file = dir.resolve("run").resolve(SuiteCredentials.FILE_NAME);
        SuiteCredentials first = SuiteCredentials.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).contains("DDB_ADMIN_USER=admin\n", "DDB_ADMIN_PASSWORD=" + first.adminPassword(),
                "DDB_WRITER_TOKEN=" + first.writerToken(), "DDB_SERVICE_TOKEN=" + first.serviceToken(),
                "DDB_USERS=admin:admin:pbkdf2-sha256.600000.", "DDB_TOKENS=writer:writer:" + Sha256.hex(first.writerToken()));
        assertThat(SuiteCredentials.loadOrCreate(file)).isEqualTo(first);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void servicesGetOnlyWhatVerifies() throws Exception {
        SuiteCredentials credentials = SuiteCredentials.loadOrCreate(dir.resolve(SuiteCredentials.FILE_NAME));
        AuthSettings settings = AuthSettings.from(name -> switch (name) {
            case "DDB_USERS" -> credentials.users();
            case "DDB_TOKENS" -> credentials.tokens();
            case "DDB_SERVICE_TOKEN_SHA256" -> credentials.serviceTokenSha256();
            default -> null;
        });
        assertThat(credentials.users() + credentials.tokens() + credentials.serviceTokenSha256())
                .doesNotContain(credentials.adminPassword(), credentials.writerToken(), credentials.serviceToken());
        Authenticator authenticator = new Authenticator(settings.users(), settings.tokens());
        assertThat(authenticator.authenticate(credentials.adminAuthorization()))
                .isEqualTo(new Authenticator.Authenticated(new Caller("admin", Role.ADMIN)));
        assertThat(authenticator.authenticate(credentials.writerAuthorization()))
                .isEqualTo(new Authenticator.Authenticated(new Caller("writer", Role.WRITER)));
        assertThat(authenticator.authenticate("Bearer " + credentials.serviceToken()))
                .isEqualTo(new Authenticator.Authenticated(new Caller("service", Role.SERVICE)));
        assertThat(credentials.toString()).doesNotContain(credentials.adminPassword());
    }
}
