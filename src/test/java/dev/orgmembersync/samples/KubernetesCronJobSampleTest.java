package dev.orgmembersync.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The CronJob sample parses and carries the settings that make scheduled runs safe and resumable. */
class KubernetesCronJobSampleTest {

    private static List<Map<String, Object>> documents;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void parse() throws IOException {
        documents = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(Path.of("samples/kubernetes/cronjob.yaml"))) {
            for (Object document : new Yaml().loadAll(in)) {
                documents.add((Map<String, Object>) document);
            }
        }
    }

    @Test
    void shouldNeverOverlapRunsAndBoundRetries() {
        Map<String, Object> cronJob = kind("CronJob");
        assertThat(at(cronJob, "apiVersion")).isEqualTo("batch/v1");
        assertThat(at(cronJob, "spec", "concurrencyPolicy")).isEqualTo("Forbid");
        assertThat((Integer) at(cronJob, "spec", "jobTemplate", "spec", "backoffLimit")).isBetween(1, 10);
        assertThat(at(podSpec(), "restartPolicy")).isEqualTo("Never");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldFailTheJobWithoutRetryWhenRowsAreRejectedOrAnotherRunHoldsTheInput() {
        List<Map<String, Object>> rules = (List<Map<String, Object>>) at(kind("CronJob"), "spec", "jobTemplate", "spec",
                "podFailurePolicy", "rules");
        Map<String, Object> exitCodes = rules.stream().filter(rule -> rule.containsKey("onExitCodes")).findFirst()
                .orElseThrow();
        assertThat(exitCodes.get("action")).isEqualTo("FailJob");
        assertThat((List<Integer>) at(exitCodes, "onExitCodes", "values")).containsExactlyInAnyOrder(2, 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldReadCredentialsFromMountedSecretFilesAndKeepJobStateInPostgres() throws IOException {
        Map<String, Object> container = container();
        // the Secret is mounted as files, and Spring Boot imports that directory as a config tree
        String secretsMount = mountPathOf(container, "secrets");
        Map<String, Object> secretsVolume = volume("secrets");
        assertThat(at(secretsVolume, "secret", "secretName")).isEqualTo("org-member-sync");
        assertThat(envValue(container, "SPRING_CONFIG_IMPORT")).isEqualTo("optional:configtree:" + secretsMount + "/");
        // each file is named after a property the job knows
        Map<String, Object> secretData = (Map<String, Object>) at(kind("Secret"), "stringData");
        assertThat(secretData).containsKeys("auth0.client-id", "auth0.client-assertion.key", "spring.datasource.password")
                .doesNotContainKey("auth0.client-secret");
        String metadata = Files.readString(Path.of("target/classes/META-INF/spring-configuration-metadata.json"));
        secretData.keySet().stream().filter(key -> key.startsWith("auth0."))
                .forEach(key -> assertThat(metadata).as("known property " + key).contains("\"name\": \"" + key + "\""));
        assertThat((String) secretData.get("auth0.client-assertion.key")).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(envValue(container, "SPRING_DATASOURCE_URL")).startsWith("jdbc:postgresql://");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldPutNoSecretInAnEnvironmentVariableOrArgument() {
        Map<String, Object> container = container();
        List<Map<String, Object>> env = (List<Map<String, Object>>) container.get("env");
        assertThat(env).noneMatch(variable -> variable.containsKey("valueFrom"));
        assertThat(env).extracting(variable -> (String) variable.get("name"))
                .noneMatch(name -> name.matches(".*(SECRET|PASSWORD|TOKEN|KEY).*"));
        assertThat((List<String>) container.get("args"))
                .noneMatch(arg -> arg.matches("--.*(secret|password|token|client-assertion\\.key).*"));
        assertThat((String) at(kind("ConfigMap"), "data", "application.yml")).doesNotContain("secret", "password");
    }

    @Test
    void shouldMountConfigWhereSpringBootLooksAndInputWhereArgsPoint() {
        Map<String, Object> container = container();
        assertThat(mountPathOf(container, "config")).isEqualTo("/workspace/config");
        Map<String, Object> config = kind("ConfigMap");
        assertThat((Map<String, Object>) at(config, "data")).containsKey("application.yml");
        String inputMount = mountPathOf(container, "input");
        @SuppressWarnings("unchecked")
        List<String> args = (List<String>) container.get("args");
        assertThat(args).anyMatch(arg -> arg.startsWith("--sync.input=" + inputMount + "/"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunAsNonRootWithResourceLimits() {
        assertThat(at(podSpec(), "securityContext", "runAsNonRoot")).isEqualTo(true);
        Map<String, Object> resources = (Map<String, Object>) container().get("resources");
        assertThat((Map<String, Object>) resources.get("requests")).containsKeys("cpu", "memory");
        assertThat((Map<String, Object>) resources.get("limits")).containsKeys("cpu", "memory");
    }

    private static Map<String, Object> kind(String kind) {
        return documents.stream().filter(document -> kind.equals(document.get("kind"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in the sample"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> podSpec() {
        return (Map<String, Object>) at(kind("CronJob"), "spec", "jobTemplate", "spec", "template", "spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> container() {
        List<Map<String, Object>> containers = (List<Map<String, Object>>) podSpec().get("containers");
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> node, String... path) {
        Object current = node;
        for (String key : path) {
            assertThat(current).as("parent of " + key).isInstanceOf(Map.class);
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> container, String name) {
        return ((List<Map<String, Object>>) container.get("env")).stream().filter(e -> name.equals(e.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static String envValue(Map<String, Object> container, String name) {
        return (String) env(container, name).get("value");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> volume(String name) {
        return ((List<Map<String, Object>>) podSpec().get("volumes")).stream().filter(v -> name.equals(v.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
    }

    @SuppressWarnings("unchecked")
    private static String mountPathOf(Map<String, Object> container, String volume) {
        return ((List<Map<String, Object>>) container.get("volumeMounts")).stream()
                .filter(mount -> volume.equals(mount.get("name"))).map(mount -> (String) mount.get("mountPath"))
                .findFirst().orElseThrow(() -> new AssertionError("no mount of " + volume));
    }
}
