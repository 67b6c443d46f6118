package dev.loadtest.engine.scenario;

import dev.loadtest.engine.http.Origin;

/** A request rendered for one user: where it goes and its bytes on the wire. */
record PreparedRequest(Origin origin, byte[] bytes, int length) {}
