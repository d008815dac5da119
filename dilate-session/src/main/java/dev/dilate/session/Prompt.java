package dev.dilate.session;

import dev.dilate.tokenizer.ChatMessage;

import java.util.List;

/**
 * What a model is given: plain text (base models), or chat turns that the model's chat template
 * renders, followed by {@code assistantPrefix}, text the answer is written after (e.g. MBPP's
 * "[BEGIN]\n").
 */
public record Prompt(String text, List<ChatMessage> messages, String assistantPrefix) {

    public Prompt {
        if ((text == null) == (messages == null)) throw new IllegalArgumentException("a prompt is either text or chat messages");
        messages = messages == null ? null : List.copyOf(messages);
        assistantPrefix = assistantPrefix == null ? "" : assistantPrefix;
    }

    public static Prompt text(String text) { return new Prompt(text, null, ""); }

    public static Prompt chat(List<ChatMessage> messages, String assistantPrefix) { return new Prompt(null, messages, assistantPrefix); }

    public boolean isChat() { return messages != null; }
}
