package dev.ddb.mysql.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClusterTopologyTest {

    @Test
    void parsesEveryEntryInOrder() {
        ClusterTopology topology = ClusterTopology.parse("instance-1=127.0.0.1:3307, instance-2 = db-2.local:3308");

        assertThat(topology.instances()).containsExactly(
                new InstanceAddress("instance-1", "127.0.0.1", 3307),
                new InstanceAddress("instance-2", "db-2.local", 3308));
    }

    @Test
    void readsBracketedIpv6Hosts() {
        ClusterTopology topology = ClusterTopology.parse("instance-1=[::1]:3307");

        assertThat(topology.instances().get(0).host()).isEqualTo("::1");
        assertThat(topology.instances().get(0).jdbcUrl("ddb")).isEqualTo("jdbc:mysql://[::1]:3307/ddb");
    }

    @Test
    void specIsReadBackIntoTheSameTopology() {
        ClusterTopology topology = ClusterTopology.parse("instance-1=127.0.0.1:3307,instance-2=[::1]:3308");

        assertThat(ClusterTopology.parse(topology.spec())).isEqualTo(topology);
        assertThat(topology.spec()).isEqualTo("instance-1=127.0.0.1:3307,instance-2=[::1]:3308");
    }

    @Test
    void findsAnInstanceById() {
        ClusterTopology topology = ClusterTopology.localDefault();

        assertThat(topology.find("instance-3")).contains(new InstanceAddress("instance-3", "127.0.0.1", 3309));
        assertThat(topology.find("instance-9")).isEmpty();
    }

    @Test
    void localDefaultIsFourInstancesFromPort3307() {
        assertThat(ClusterTopology.localDefault().spec()).isEqualTo(
                "instance-1=127.0.0.1:3307,instance-2=127.0.0.1:3308,instance-3=127.0.0.1:3309,instance-4=127.0.0.1:3310");
    }

    @Test
    void environmentVariableOverridesTheLocalDefault() {
        Map<String, String> environment = Map.of("DDB_INSTANCES", "instance-1=10.0.0.5:3306");

        assertThat(ClusterTopology.fromEnvironment(environment::get).spec()).isEqualTo("instance-1=10.0.0.5:3306");
        assertThat(ClusterTopology.fromEnvironment(name -> null)).isEqualTo(ClusterTopology.localDefault());
        assertThat(ClusterTopology.fromEnvironment(name -> "  ")).isEqualTo(ClusterTopology.localDefault());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "instance-1=127.0.0.1                        | 'instance-1=127.0.0.1' has no port",
            "instance-1:127.0.0.1:3307                   | has no '='",
            "=127.0.0.1:3307                             | has no id",
            "instance-1=:3307                            | has no host",
            "instance-1=127.0.0.1:mysql                  | port 'mysql', which is not a number",
            "instance-1=127.0.0.1:70000                  | port 70000, outside 1-65535",
            "instance-1=127.0.0.1:3307,                  | empty entry",
            "instance-1=127.0.0.1:3307,instance-1=h:3308 | instance id instance-1 appears twice",
            "instance-1=h:3307,instance-2=h:3307         | instance-2 shares h:3307",
    })
    void rejectsAMalformedSpecNamingTheBadPart(String spec, String expectedMessage) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterTopology.parse(spec))
                .withMessageContaining(expectedMessage);
    }

    @Test
    void rejectsAnEmptySpec() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ClusterTopology.parse(" "))
                .withMessageContaining("empty");
    }
}
