package dev.ddb.coordinator.quorum;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

import dev.ddb.auth.ServiceToken;
import dev.ddb.coordinator.config.ServiceCalls;

/**
 * A RestClient with short timeouts for the helper services, which are consulted in the background only, sending the
 * service token they require.
 */
final class ServiceHttp {

    private ServiceHttp() {
    }

    static RestClient to(URI baseUrl, Duration connectTimeout, Duration readTimeout, ServiceToken serviceToken) {
        HttpClient httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build();
        JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(httpClient);
        requestFactory.setReadTimeout(readTimeout);
        return ServiceCalls.authorized(RestClient.builder().baseUrl(baseUrl.toString()).requestFactory(requestFactory), serviceToken).build();
    }
}
