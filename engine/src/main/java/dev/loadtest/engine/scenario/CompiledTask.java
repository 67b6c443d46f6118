package dev.loadtest.engine.scenario;

import java.util.List;

/** A task: its steps, in order. */
record CompiledTask(String name, int weight, List<CompiledStep> steps) {}
