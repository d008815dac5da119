package dev.dilate.tokenizer;

/** One turn of a conversation: role is "system", "user" or "assistant". */
public record ChatMessage(String role, String content) {
    /** A {@code system} turn. */
    public static ChatMessage system(String content) { return new ChatMessage("system", content); }
    /** A {@code user} turn. */
    public static ChatMessage user(String content) { return new ChatMessage("user", content); }
    /** An {@code assistant} turn: one of the model's earlier answers. */
    public static ChatMessage assistant(String content) { return new ChatMessage("assistant", content); }
}
