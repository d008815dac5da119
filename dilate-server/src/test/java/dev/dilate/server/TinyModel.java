package dev.dilate.server;

import dev.dilate.model.RandomModels;
import dev.dilate.tensor.GGMLType;

import java.nio.file.Path;

/** The server tests' model: a LLaDA-shaped GGUF file with random weights, small enough to decode in milliseconds. */
final class TinyModel {
    private TinyModel() {}

    /** Writes tiny.gguf into dir and returns its path. */
    static Path write(Path dir) {
        Path model = dir.resolve("tiny.gguf");
        RandomModels.write(model, new RandomModels.Shape("llada", 64, 2, 4, 4, 96, 300, false), GGMLType.Q8_0, 11);
        return model;
    }
}
