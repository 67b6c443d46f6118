package dev.loadtest.api.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.loadtest.api.model.LoadTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped example must be a valid LoadTest: they are what people copy. */
class ExampleFilesTest {
    /** Relative to the api module, where Maven runs the tests. */
    private static final List<Path> EXAMPLES = List.of(Path.of("../examples/local"), Path.of("../examples/cluster"));

    static Stream<Path> exampleFiles() throws IOException {
        List<Path> all = new java.util.ArrayList<>();
        for (Path dir : EXAMPLES) {
            assertThat(dir)
                    .describedAs("examples folder, from %s", Path.of("").toAbsolutePath())
                    .isDirectory();
            try (Stream<Path> list = Files.list(dir)) {
                List<Path> files = list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                        .sorted()
                        .toList();
                assertThat(files).describedAs("LoadTest files in %s", dir).isNotEmpty();
                all.addAll(files);
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exampleFiles")
    void exampleParsesWithoutProblems(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);

        assertThatCode(() -> LoadTestParser.parse(text, file.toString()))
                .describedAs("%s must be valid", file)
                .doesNotThrowAnyException();

        LoadTest t = LoadTestParser.parse(text, file.toString());
        assertThat(t.apiVersion).isEqualTo(LoadTest.API_VERSION);
        assertThat(t.kind).isEqualTo(LoadTest.KIND);
        assertThat(t.spec.load)
                .describedAs("the effective test has a load model")
                .isNotNull();
        assertThat(t.spec.thresholds)
                .describedAs("the effective test is judged")
                .isNotEmpty();
    }
}
