package dev.dilate.model;

import dev.dilate.format.GGUFFile;
import dev.dilate.tokenizer.ChatMessage;
import dev.dilate.tokenizer.ChatTemplate;
import dev.dilate.tokenizer.Tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** The model's tokenizer; a clear error for a model that has none (its prompts must be given as ids). */
    public Tokenizer tokenizer() {
        if (transformer.vocabulary() instanceof Tokenizer t) return t;
        throw new IllegalArgumentException(path + " has no tokenizer: give the prompt as token ids");
    }

    /**
     * A plain prompt as ids, the one way every command and the server encode one: BOS where the
     * tokenizer asks for it; control tokens written in the text recognised only with {@code parseSpecial}.
     */
    public int[] encode(String text, boolean parseSpecial) {
        return tokenizer().encode(text, true, parseSpecial);
    }

    /** Chat turns rendered with the model's template, then {@code assistantPrefix}, as ids. */
    public int[] encodeChat(List<ChatMessage> messages, String assistantPrefix) {
        ChatTemplate template = ChatTemplate.forModel(tokenizer(), Architecture.of(transformer.config()).chatTemplate)
                .orElseThrow(() -> new IllegalArgumentException(path + ": no chat template is known for this model"));
        return tokenizer().encode(template.render(messages) + assistantPrefix, false, true);
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
