package dev.loadtest.api.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvTemplateTest {
    @Test
    void expandsEveryEnvironmentReferenceFromTheMap() {
        Map<String, String> env = Map.of("BASE_URL", "https://staging.example.com", "HOST", "api", "PORT", "8080");

        assertThat(EnvTemplate.expand("${env.BASE_URL}", env)).isEqualTo("https://staging.example.com");
        assertThat(EnvTemplate.expand("http://${env.HOST}:${env.PORT}/v1", env)).isEqualTo("http://api:8080/v1");
        assertThat(EnvTemplate.expand("http://api:8080/a$$b", env))
                .describedAs("$$ writes a $, as in every template")
                .isEqualTo("http://api:8080/a$b");
    }

    @Test
    void anUnsetVariableOrAnotherKindOfReferenceIsNamed() {
        assertThatThrownBy(() -> EnvTemplate.expand("${env.BASE_URL}", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("${env.BASE_URL} is not set");
        assertThatThrownBy(() -> EnvTemplate.expand("http://${data.hosts.name}/", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("${data.hosts.name} is not an environment variable");
    }
}
