package dev.dilate.eval;

/** How prompts are written: as lm-evaluation-harness writes them for base models, or as chat turns for instruct models. */
public enum PromptStyle {
    BASE, CHAT;

    /** "chat" or "base", as the command line writes them; {@code option} names the flag in the error. */
    public static PromptStyle parse(String option, String value) {
        return switch (value) {
            case "chat" -> CHAT;
            case "base" -> BASE;
            default -> throw new IllegalArgumentException(option + " must be chat or base, got '" + value + "'");
        };
    }
}
