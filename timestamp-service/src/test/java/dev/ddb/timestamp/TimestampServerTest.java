package dev.ddb.timestamp;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

import dev.ddb.auth.testing.TestCallers;

/**
 * A running server on a random port with a state directory of its own, shared by every class that uses it, knowing
 * one test caller of each role ({@link TestCallers}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"ddb.timestamp.state-dir=target/test-state/${random.uuid}", TestCallers.USERS_PROPERTY,
            TestCallers.TOKENS_PROPERTY, TestCallers.SERVICE_TOKEN_PROPERTY})
public @interface TimestampServerTest {
}
