package dev.loadtest.api.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where the full results are stored; {@code loadtest report NAME} fetches them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ResultsRef {
    @JsonPropertyDescription("ConfigMap (owned by the LoadTest) holding results.json, gzip-compressed.")
    public String configMap;

    @JsonPropertyDescription("Key of the compressed results in the ConfigMap.")
    public String key;

    @JsonPropertyDescription(
            "Statistics interval of the stored time series, ms (coarsened for long runs to bound the size);"
                    + " absent when no time series fitted beside the totals (hundreds of endpoints).")
    public Long intervalMs;

    @JsonPropertyDescription(
            "ConfigMap (owned by the LoadTest) holding what the target did (target.json.gz), if watched.")
    public String targetConfigMap;
}
