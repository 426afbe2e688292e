package dev.ddb.mysql.testing;

import dev.ddb.mysql.cluster.ReplicationMode;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Gives the test class {@code count} running local servers, injected as a {@link TestCluster} (or
 * {@link LocalTestCluster}) parameter. The servers start once per test JVM on free ports, with data
 * under a temp directory, and stop when the JVM's tests are done; before each test class every one
 * of its instances is reset to the empty schema.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(LocalServersExtension.class)
public @interface LocalServers {

    /** How many instances (instance-1..count) the class uses. */
    int count() default 4;

    /**
     * What the servers are configured for. Each mode has servers of its own, started on first demand; the binlog
     * mode's are reset with their replication stopped and their binary logs emptied.
     */
    ReplicationMode replication() default ReplicationMode.TIMESTAMP_LOG;
}
