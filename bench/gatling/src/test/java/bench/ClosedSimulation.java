package bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;

/**
 * Closed model for bench/run.sh: a fixed number of users (default 50), each looping GET / with no
 * pause for the whole run. Connections are not shared (Gatling's default: one keep-alive
 * connection per user), caching is off so every request goes to the server, and the warm-up
 * request Gatling sends to gatling.io by default is disabled (traffic stays on 127.0.0.1).
 */
public class ClosedSimulation extends Simulation {
    private static final String TARGET = System.getProperty("bench.target", "http://127.0.0.1:18080");
    private static final int USERS = Integer.getInteger("bench.users", 50);
    private static final Duration RUN = Duration.ofSeconds(Integer.getInteger("bench.seconds", 20));

    HttpProtocolBuilder protocol = http.baseUrl(TARGET)
            .disableCaching()
            .disableWarmUp()
            .acceptHeader("*/*");

    ScenarioBuilder scn = scenario("closed").forever().on(exec(http("root").get("/")));

    {
        setUp(scn.injectClosed(constantConcurrentUsers(USERS).during(RUN)))
                .protocols(protocol)
                .maxDuration(RUN);
    }
}
