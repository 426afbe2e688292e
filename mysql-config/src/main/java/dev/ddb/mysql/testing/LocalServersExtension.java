package dev.ddb.mysql.testing;

import dev.ddb.mysql.cluster.ClusterTopology;
import dev.ddb.mysql.cluster.ReplicationMode;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Backs {@link LocalServers}: one {@link LocalServerPool} per test JVM, kept in the root context's
 * store (which closes it after the last test), and one reset {@link LocalTestCluster} per test class.
 */
public final class LocalServersExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalServersExtension.class);

    private static volatile LocalTestCluster current;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    /** A nested class ends inside its enclosing class, whose cluster stays current. */
    @Override
    public void afterAll(ExtensionContext context) {
        if (context.getParent().filter(parent -> parent == context.getRoot()).isPresent()) {
            current = null;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestCluster.class || type == LocalTestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    /**
     * The cluster of the test class that is running, for code that parameter injection cannot reach,
     * such as a Spring {@code @DynamicPropertySource} method: its suppliers run after this
     * extension's beforeAll, so {@code () -> LocalServersExtension.currentCluster().topology().spec()}
     * gives a DDB_INSTANCES value.
     *
     * @throws IllegalStateException outside a class annotated with {@link LocalServers}
     */
    public static LocalTestCluster currentCluster() {
        LocalTestCluster cluster = current;
        if (cluster == null) {
            throw new IllegalStateException("no @LocalServers test class has started yet");
        }
        return cluster;
    }

    /** Constructor injection of a per-class test instance can come before beforeAll, hence the lookup first. */
    private static LocalTestCluster cluster(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        LocalTestCluster existing = store.get(LocalTestCluster.class, LocalTestCluster.class);
        if (existing != null) {
            current = existing;
            return existing;
        }
        Optional<LocalServers> wanted = AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LocalServers.class);
        int count = wanted.map(LocalServers::count).orElse(ClusterTopology.LOCAL_INSTANCE_COUNT);
        ReplicationMode mode = wanted.map(LocalServers::replication).orElse(ReplicationMode.TIMESTAMP_LOG);
        // The timestamp-log pool keeps its old key, so classes of either kind share it as before.
        Object key = mode == ReplicationMode.TIMESTAMP_LOG ? LocalServerPool.class : "pool-" + mode.id();
        LocalServerPool pool = context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(key, k -> new LocalServerPool(mode), LocalServerPool.class);
        LocalTestCluster cluster = pool.resetCluster(count);
        store.put(LocalTestCluster.class, cluster);
        current = cluster;
        return cluster;
    }
}
