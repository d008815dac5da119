package dev.dilate.eval.run;

import dev.dilate.eval.Prompt;
import dev.dilate.generate.Denoiser;
import dev.dilate.model.LoadedModel;
import dev.dilate.tokenizer.ChatTemplate;
import dev.dilate.tokenizer.Tokenizer;

import java.nio.file.Path;
import java.util.Set;

/** A transformer with its tokenizer: plain prompts get BOS when the model wants it, chat prompts the model's template. */
final class ModelSubject implements Subject {
    private final String name;
    private final LoadedModel model;
    private final Tokenizer tokenizer;

    /** The model at path, known in results as name. */
    ModelSubject(String name, Path path) {
        this.name = name;
        this.model = LoadedModel.open(path);
        if (!(model.transformer().vocabulary() instanceof Tokenizer t)) {
            model.close();
            throw new IllegalArgumentException(path + " has no tokenizer, so benchmark prompts cannot be encoded for it");
        }
        this.tokenizer = t;
    }

    @Override public String name() { return name; }
    @Override public Denoiser denoiser() { return model.transformer(); }

    @Override
    public int[] encode(Prompt prompt) {
        if (!prompt.isChat()) return tokenizer.encode(prompt.text() + prompt.assistantPrefix(), true, false);
        ChatTemplate template = ChatTemplate.forModel(tokenizer, model.transformer().config().architecture())
                .orElseThrow(() -> new IllegalArgumentException(name() + ": no chat template is known for this model; use --style base"));
        return tokenizer.encode(template.render(prompt.messages()) + prompt.assistantPrefix(), false, true);
    }

    @Override
    public Set<Integer> stopTokens() { return tokenizer.endIds(); }

    @Override public void close() { model.close(); }
}
