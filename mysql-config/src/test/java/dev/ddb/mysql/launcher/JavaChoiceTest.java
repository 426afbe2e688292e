package dev.ddb.mysql.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JavaChoiceTest {

    @TempDir
    Path root;

    @Test
    void theNewestJdkUnderTheSystemDirectoryWinsOverAnOlderJavaHomeAndPath() throws IOException {
        Path jdk17 = jdk("jvm/java-17-openjdk-amd64", "Debian", "17.0.15+6-Debian-1deb12u1");
        Path jdk25 = jdk("jvm/temurin-25-jdk-amd64", "Eclipse Adoptium", "25.0.3+9-LTS");
        jdk("jvm/temurin-21-jdk-amd64", "Eclipse Adoptium", "21.0.9+10-LTS");

        JavaChoice choice = JavaChoice.of(Map.of("JAVA_HOME", jdk17.toString(), "PATH", jdk17.resolve("bin").toString()),
                jdk17, List.of(root.resolve("jvm")));

        assertThat(choice.runtime().home()).isEqualTo(jdk25);
        assertThat(choice.runtime().recordsAotCaches()).isTrue();
        assertThat(choice.found()).extracting(runtime -> runtime.feature()).containsExactly(25, 21, 17);
        assertThat(choice.describe()).isEqualTo("java: Eclipse Adoptium 25.0.3+9-LTS (" + jdk25
                + "), the newest of 3 JDKs found (DDB_JAVA_HOME names another)");
    }

    @Test
    void ddbJavaHomeChoosesAnOlderJdkAndSaysSo() throws IOException {
        Path jdk17 = jdk("jvm/java-17-openjdk-amd64", "Debian", "17.0.15+6-Debian-1deb12u1");
        jdk("jvm/temurin-25-jdk-amd64", "Eclipse Adoptium", "25.0.3+9-LTS");

        JavaChoice choice = JavaChoice.of(Map.of("DDB_JAVA_HOME", jdk17.toString()), jdk17, List.of(root.resolve("jvm")));

        assertThat(choice.runtime().home()).isEqualTo(jdk17);
        assertThat(choice.runtime().recordsAotCaches()).isFalse();
        assertThat(choice.describe()).isEqualTo("java: Debian 17.0.15+6-Debian-1deb12u1 (" + jdk17 + "), named by DDB_JAVA_HOME");
    }

    @Test
    void jdksOlderThan17AndDirectoriesWithoutAJdkAreIgnored() throws IOException {
        Path jdk17 = jdk("jvm/java-17-openjdk-amd64", "Debian", "17.0.15+6-Debian-1deb12u1");
        jdk("jvm/java-11-openjdk-amd64", "Debian", "11.0.25+9-post-Debian-1deb12u1");
        Files.createDirectories(root.resolve("jvm/openjdk-17"));
        Files.createSymbolicLink(root.resolve("jvm/java-1.17.0-openjdk-amd64"), jdk17);

        JavaChoice choice = JavaChoice.of(Map.of(), jdk17, List.of(root.resolve("jvm")));

        assertThat(choice.found()).hasSize(1);
        assertThat(choice.describe()).endsWith(", the only JDK found");
    }

    @Test
    void aJavaHomeThatIsNoJdkOrTooOldIsAClearError() throws IOException {
        Path jdk11 = jdk("jvm/java-11-openjdk-amd64", "Debian", "11.0.25+9");

        assertThatThrownBy(() -> JavaChoice.of(Map.of("DDB_JAVA_HOME", root.resolve("nothing").toString()), jdk11, List.of()))
                .hasMessageContaining("DDB_JAVA_HOME=" + root.resolve("nothing") + " is not a JDK");
        assertThatThrownBy(() -> JavaChoice.of(Map.of("DDB_JAVA_HOME", jdk11.toString()), jdk11, List.of()))
                .hasMessageContaining("the services need Java 17 or newer");
    }

    @Test
    void cachesOfDifferentJdkBuildsHaveDifferentNames() throws IOException {
        JavaRuntime temurin = JavaRuntime.at(jdk("a", "Eclipse Adoptium", "25.0.3+9-LTS")).orElseThrow();
        JavaRuntime other = JavaRuntime.at(jdk("b", "Oracle Corporation", "25.0.3+9-LTS")).orElseThrow();

        assertThat(temurin.cacheTag()).isEqualTo("Eclipse_Adoptium-25.0.3+9-LTS");
        assertThat(other.cacheTag()).isNotEqualTo(temurin.cacheTag());
    }

    /** A directory that looks like a JDK to the launcher: an executable bin/java and a release file. */
    private Path jdk(String directory, String implementor, String runtimeVersion) throws IOException {
        Path home = root.resolve(directory);
        Path java = home.resolve("bin").resolve("java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"" + implementor + "\"\nJAVA_RUNTIME_VERSION=\""
                + runtimeVersion + "\"\nJAVA_VERSION=\"" + runtimeVersion.replaceAll("[+-].*", "") + "\"\n");
        return home;
    }
}
