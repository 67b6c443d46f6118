package dev.loadtest.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How the operator sizes runner pods (ignored locally). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Runners {
    @JsonPropertyDescription("Users per runner pod: runners = ceil(users / usersPerRunner). Default 250.")
    public Integer usersPerRunner;

    @JsonPropertyDescription("An explicit runner count, instead of usersPerRunner.")
    public Integer count;
}
