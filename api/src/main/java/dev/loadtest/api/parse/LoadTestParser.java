package dev.loadtest.api.parse;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.loadtest.api.model.LoadTest;
import dev.loadtest.api.profile.ProfileDefaults;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a LoadTest file strictly: YAML syntax, then shape (unknown fields, wrong types), then
 * meaning (see {@link LoadTestValidator}); every problem is reported at once. The result has the
 * profile applied, so it is the test that will run.
 */
public final class LoadTestParser {
    private static final ObjectMapper YAML = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // a repeated key would silently win
            .build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private LoadTestParser() {}

    public static ObjectMapper yaml() {
        return YAML;
    }

    /** Parses and validates; throws {@link InvalidLoadTestException} listing every problem. */
    public static LoadTest parse(String text, String source) {
        LoadTest written = parseAsWritten(text, source);
        LoadTest effective = effective(written);
        List<Problem> problems = new ArrayList<>(LoadTestValidator.validateAsWritten(written));
        problems.addAll(LoadTestValidator.validateEffective(effective.spec));
        if (!problems.isEmpty()) {
            throw new InvalidLoadTestException(source, problems);
        }
        return effective;
    }

    /** YAML syntax and shape only: the document as the user wrote it, without the profile applied. */
    public static LoadTest parseAsWritten(String text, String source) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw new InvalidLoadTestException(
                    source,
                    List.of(new Problem("(file)", "is not valid YAML" + where + ": " + e.getOriginalMessage())));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new InvalidLoadTestException(
                    source, List.of(new Problem("(file)", "is empty; expected a LoadTest document")));
        }
        List<Problem> problems = new StructureChecker(YAML).check(tree, LoadTest.class);
        if (!problems.isEmpty()) {
            throw new InvalidLoadTestException(source, problems);
        }
        try {
            return YAML.treeToValue(tree, LoadTest.class);
        } catch (JsonProcessingException e) {
            throw new InvalidLoadTestException(source, List.of(new Problem("(file)", e.getOriginalMessage())));
        }
    }

    /** A deep copy with the profile's defaults filled in. */
    public static LoadTest effective(LoadTest written) {
        LoadTest copy = JSON.convertValue(JSON.valueToTree(written), LoadTest.class);
        if (copy.spec != null) {
            ProfileDefaults.apply(copy.spec);
        }
        return copy;
    }
}
