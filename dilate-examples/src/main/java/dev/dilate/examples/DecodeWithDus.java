package dev.dilate.examples;

import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.model.LoadedModel;
import dev.dilate.model.ShippedModels;
import dev.dilate.tokenizer.Tokenizer;

import java.nio.file.Path;

/** Loads a GGUF file (default: the shipped English model) and writes 64 tokens after a prompt with DUS, B = 16. */
public final class DecodeWithDus {
    public static void main(String[] args) {
        Path file = args.length > 0 ? Path.of(args[0]) : ShippedModels.path(ShippedModels.TEXT);
        String prompt = args.length > 1 ? args[1] : "The river";
        try (LoadedModel model = LoadedModel.open(file)) {
            Tokenizer tokenizer = (Tokenizer) model.transformer().vocabulary();
            int[] ids = tokenizer.encode(prompt, true, true);
            Generation g = new Generator(model.transformer()).generate(ids, "dus", GenerationConfig.of(64, 16));
            System.out.println(prompt + g.text());
            System.out.printf("%d denoiser calls for %d positions%n", g.nfe(), 64);
        }
    }
}
