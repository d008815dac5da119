package dev.dilate.model;

import dev.dilate.format.SafetensorsCheckpoint;

import java.nio.file.Files;
import java.nio.file.Path;

/** A Hugging Face model folder, open: its config.json and its (possibly sharded) safetensors weights. */
public record HFCheckpoint(Path folder, HFConfig config, SafetensorsCheckpoint weights) implements AutoCloseable {

    /** Opens a folder's config.json and maps its safetensors; a clear error when it is not a model folder. */
    public static HFCheckpoint open(Path folder) {
        if (!Files.isDirectory(folder)) throw new IllegalArgumentException(folder + ": not a folder (a Hugging Face model is a folder with config.json and safetensors)");
        HFConfig config = HFConfig.read(folder);
        return new HFCheckpoint(folder, config, SafetensorsCheckpoint.open(folder));
    }

    /** True for a folder that looks like a Hugging Face model. */
    public static boolean looksLike(Path path) {
        return Files.isDirectory(path) && Files.isRegularFile(path.resolve(HFConfig.FILE));
    }

    /** The checkpoint's name of a tensor given by its GGUF name. */
    public String hfName(String ggufName) {
        String name = HFNames.hf(config.architecture(), ggufName);
        if (name == null) throw new IllegalArgumentException(folder + ": a " + config.architecture().hfClass + " checkpoint has no tensor for " + ggufName);
        return name;
    }

    @Override
    public void close() { weights.close(); }
}
