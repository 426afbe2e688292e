package dev.ddb.coordinator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.test.annotation.DirtiesContext;

import dev.ddb.mysql.testing.LocalServers;

/**
 * Every Spring test of a coordinator against the shared servers closes its context after the class. A cached
 * context keeps its appliers and heartbeat running against servers the next class resets and reuses: two
 * coordinators then replicate into the same replicas, and one fails over when a later test kills an instance.
 */
class SharedServerContextsTest {

    @Test
    void everySpringTestOnSharedServersDirtiesItsContext() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false) {
            @Override
            protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
                return definition.getMetadata().isIndependent();
            }
        };
        scanner.addIncludeFilter(new AnnotationTypeFilter(SpringBootTest.class));

        List<Class<?>> onSharedServers = scanner.findCandidateComponents("dev.ddb.coordinator").stream()
                .<Class<?>>map(definition -> load(definition.getBeanClassName()))
                .filter(type -> type.isAnnotationPresent(LocalServers.class))
                .toList();

        assertThat(onSharedServers).as("the scan finds the Spring tests on shared servers").isNotEmpty();
        assertThat(onSharedServers).filteredOn(type -> !type.isAnnotationPresent(DirtiesContext.class))
                .as("@SpringBootTest classes on @LocalServers without @DirtiesContext").isEmpty();
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
