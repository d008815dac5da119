package dev.dilate.model;

import dev.dilate.format.GGUFFile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A transformer together with the mapped file(s) its weights live in; closing it unmaps them,
 * after which the transformer must not be used.
 */
public record LoadedModel(Path path, Transformer transformer, AutoCloseable mapping) implements AutoCloseable {

    /** Opens a GGUF file in llama.cpp's llada or dream layout, or a Hugging Face LLaDA or Dream folder. */
    public static LoadedModel open(Path path) {
        if (!Files.exists(path)) throw new IllegalArgumentException(path + ": no such model file or folder");
        if (Files.isDirectory(path)) {
            HFCheckpoint m = HFCheckpoint.open(path);
            try {
                return new LoadedModel(path, HFModels.load(m), m);
            } catch (RuntimeException e) {
                m.close();
                throw e;
            }
        }
        GGUFFile f = GGUFFile.open(path);
        try {
            return new LoadedModel(path, GGUFModels.load(f), f);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            mapping.close();
        } catch (Exception e) {
            throw new IllegalStateException(path + ": cannot close: " + e.getMessage(), e);
        }
    }
}
