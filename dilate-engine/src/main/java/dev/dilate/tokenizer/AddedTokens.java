package dev.dilate.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds added tokens (control and user-defined) in text before BPE sees it, longest match first,
 * so that "<|im_start|>" becomes one id instead of being spelled out. Control tokens are only
 * recognised when special parsing is on, so user text cannot inject them by accident.
 */
final class AddedTokens {
    /** A piece of input: either plain text for BPE or an added token's id. */
    sealed interface Segment {}
    record Text(String text) implements Segment {}
    record Token(int id) implements Segment {}

    private final Map<String, Integer> ids;
    private final Pattern all, userDefinedOnly;

    /** @param ids content to id, and {@code types} content to type, for every control and user-defined token */
    AddedTokens(Map<String, Integer> ids, Map<String, TokenType> types) {
        this.ids = ids;
        this.all = alternation(ids.keySet().stream().toList());
        this.userDefinedOnly = alternation(ids.keySet().stream().filter(t -> types.get(t) == TokenType.USER_DEFINED).toList());
    }

    /** An alternation tried longest first, so that Java's first-match gives the longest match. */
    private static Pattern alternation(List<String> tokens) {
        if (tokens.isEmpty()) return null;
        return Pattern.compile(tokens.stream().sorted(Comparator.comparingInt(String::length).reversed())
                .map(Pattern::quote).collect(Collectors.joining("|")));
    }

    List<Segment> split(String text, boolean parseSpecial) {
        List<Segment> out = new ArrayList<>();
        Pattern p = parseSpecial ? all : userDefinedOnly;
        if (p == null) {
            addText(out::add, text);
            return out;
        }
        Matcher m = p.matcher(text);
        int at = 0;
        while (m.find()) {
            addText(out::add, text.substring(at, m.start()));
            out.add(new Token(ids.get(m.group())));
            at = m.end();
        }
        addText(out::add, text.substring(at));
        return out;
    }

    private static void addText(Consumer<Segment> out, String text) {
        if (!text.isEmpty()) out.accept(new Text(text));
    }
}
