package dev.dilate.tokenizer;

import java.util.List;
import java.util.Optional;

/**
 * The instruct models' prompt formats, rendered to the text that is then tokenized with special
 * parsing on. Each ends with the opening of the assistant's turn, which the model completes.
 */
public enum ChatTemplate {
    /** LLaDA-Instruct: Llama-3 style headers after a start-of-text token. */
    LLADA {
        @Override public String render(List<ChatMessage> messages) {
            StringBuilder sb = new StringBuilder("<|startoftext|>");
            for (ChatMessage m : messages) sb.append(header(m.role())).append(m.content()).append("<|eot_id|>");
            return sb.append(header("assistant")).toString();
        }

        private static String header(String role) { return "<|start_header_id|>" + role + "<|end_header_id|>\n\n"; }
    },
    /** Dream-Instruct: ChatML, with Qwen2.5's default system prompt when the conversation has none. */
    CHATML {
        @Override public String render(List<ChatMessage> messages) {
            StringBuilder sb = new StringBuilder();
            if (messages.isEmpty() || !messages.getFirst().role().equals("system")) sb.append(turn(ChatMessage.system(DEFAULT_SYSTEM)));
            for (ChatMessage m : messages) sb.append(turn(m));
            return sb.append("<|im_start|>assistant\n").toString();
        }

        private static String turn(ChatMessage m) { return "<|im_start|>" + m.role() + "\n" + m.content() + "<|im_end|>\n"; }
    },
    /** Ling (LLaDA-MoE, LLaDA 2.x): role tags, each turn closed by {@code <|role_end|>}. */
    LING {
        @Override public String render(List<ChatMessage> messages) {
            StringBuilder sb = new StringBuilder();
            for (ChatMessage m : messages) sb.append(tag(m.role())).append(m.content()).append("<|role_end|>");
            return sb.append(tag("assistant")).toString();
        }

        private static String tag(String role) {
            String name = switch (role) {
                case "system" -> "SYSTEM";
                case "user" -> "HUMAN";
                case "assistant" -> "ASSISTANT";
                default -> throw new IllegalArgumentException("Ling's chat format has no role '" + role + "'");
            };
            return "<role>" + name + "</role>";
        }
    },
    /**
     * No turns at all, for models trained on bare prompts (dilate's synthetic models, whose
     * character vocabulary cannot even spell a template): the last user message is the prompt.
     */
    BARE {
        @Override public String render(List<ChatMessage> messages) {
            for (int i = messages.size() - 1; i >= 0; i--) if (messages.get(i).role().equals("user")) return messages.get(i).content();
            throw new IllegalArgumentException("the conversation has no user message, which this model's bare prompts need");
        }
    };

    /** Qwen2.5's default system prompt, which {@link #CHATML} adds when a conversation has none. */
    public static final String DEFAULT_SYSTEM = "You are a helpful assistant.";

    /** The prompt text for a conversation, ending where the assistant's answer begins. */
    public abstract String render(List<ChatMessage> messages);

    /**
     * A model's template: the one its tokenizer's special tokens name, else its architecture's if
     * the tokenizer can spell it, else {@link #BARE}.
     */
    public static Optional<ChatTemplate> forModel(Tokenizer t, ChatTemplate architectures) {
        return detect(t).or(() -> Optional.of(architectures).filter(c -> spells(t, c))).or(() -> Optional.of(BARE));
    }

    private static boolean spells(Tokenizer t, ChatTemplate c) {
        try {
            t.encode(c.render(List.of(ChatMessage.user("x"))), false, true);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The template whose special tokens the tokenizer has. */
    public static Optional<ChatTemplate> detect(Tokenizer t) {
        if (t.id("<|im_start|>") >= 0 && t.id("<|im_end|>") >= 0) return Optional.of(CHATML);
        if (t.id("<|role_end|>") >= 0) return Optional.of(LING);
        if (t.id("<|start_header_id|>") >= 0 && t.id("<|eot_id|>") >= 0 && t.id("<|startoftext|>") >= 0) return Optional.of(LLADA);
        return Optional.empty();
    }
}
