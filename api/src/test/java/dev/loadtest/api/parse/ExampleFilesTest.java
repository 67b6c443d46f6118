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
    private static final Path EXAMPLES = Path.of("../examples/local");

    static Stream<Path> exampleFiles() throws IOException {
        assertThat(EXAMPLES)
                .describedAs("examples folder, from %s", Path.of("").toAbsolutePath())
                .isDirectory();
        List<Path> files;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
        assertThat(files).describedAs("LoadTest files in %s", EXAMPLES).isNotEmpty();
        return files.stream();
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
