package dev.ddb.cabinet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import dev.ddb.auth.Role;
import dev.ddb.auth.testing.TestCallers;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {TestCallers.USERS_PROPERTY, TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
class CabinetApplicationTest {

    @LocalServerPort
    int port;

    @Test
    void healthEndpointReportsUp() {
        String body = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader("Authorization", TestCallers.authorization(Role.ADMIN)).build()
                .get().uri("/actuator/health").retrieve().body(String.class);
        assertThat(body).contains("\"status\":\"UP\"");
    }
}
