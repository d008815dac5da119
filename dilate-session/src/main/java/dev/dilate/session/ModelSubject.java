package dev.dilate.session;

import dev.dilate.generate.Denoiser;
import dev.dilate.model.LoadedModel;
import dev.dilate.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Set;

/** A transformer with its tokenizer: plain prompts get BOS when the model wants it, chat prompts the model's template. */
final class ModelSubject implements Subject {
    private final String name;
    private final LoadedModel model;

    /** The model at path, known in results as name. */
    ModelSubject(String name, Path path) {
        this.name = name;
        this.model = LoadedModel.open(path);
        if (!(model.transformer().vocabulary() instanceof Tokenizer)) {
            model.close();
            throw new IllegalArgumentException(path + " has no tokenizer, so benchmark prompts cannot be encoded for it");
        }
    }

    @Override public String name() { return name; }
    @Override public Denoiser denoiser() { return model.transformer(); }

    /** Through the model's one prompt path; benchmark text is never read as control tokens. */
    @Override
    public int[] encode(Prompt prompt) {
        if (!prompt.isChat()) return model.encode(prompt.text() + prompt.assistantPrefix(), false);
        try {
            return model.encodeChat(prompt.messages(), prompt.assistantPrefix());
        } catch (IllegalArgumentException noTemplate) {
            throw new IllegalArgumentException(name() + ": no chat template is known for this model; use --style base", noTemplate);
        }
    }

    @Override
    public Set<Integer> stopTokens() { return model.tokenizer().endIds(); }

    @Override public void close() { model.close(); }
}
