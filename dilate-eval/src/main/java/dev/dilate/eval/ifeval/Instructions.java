package dev.dilate.eval.ifeval;

import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static java.util.Map.entry;

/** The 25 instruction types of IFEval's data, by id, as {@code instructions_registry.py} names them. */
final class Instructions {
    private Instructions() {}

    private static final Map<String, Function<Kwargs, Check>> TYPES = Map.ofEntries(
            entry("keywords:existence", KeywordChecks::existence),
            entry("keywords:frequency", KeywordChecks::frequency),
            entry("keywords:forbidden_words", KeywordChecks::forbiddenWords),
            entry("keywords:letter_frequency", KeywordChecks::letterFrequency),
            entry("language:response_language", k -> {
                String language = k.string("language");
                return r -> Language.is(r, language);
            }),
            entry("length_constraints:number_sentences", LengthChecks::numberSentences),
            entry("length_constraints:number_paragraphs", LengthChecks::numberParagraphs),
            entry("length_constraints:number_words", LengthChecks::numberWords),
            entry("length_constraints:nth_paragraph_first_word", LengthChecks::nthParagraphFirstWord),
            entry("detectable_content:number_placeholders", ContentChecks::numberPlaceholders),
            entry("detectable_content:postscript", ContentChecks::postscript),
            entry("detectable_format:number_bullet_lists", FormatChecks::numberBulletLists),
            entry("detectable_format:constrained_response", FormatChecks::constrainedResponse),
            entry("detectable_format:number_highlighted_sections", FormatChecks::numberHighlightedSections),
            entry("detectable_format:multiple_sections", FormatChecks::multipleSections),
            entry("detectable_format:json_format", FormatChecks::jsonFormat),
            entry("detectable_format:title", FormatChecks::title),
            entry("combination:two_responses", CombinationChecks::twoResponses),
            entry("combination:repeat_prompt", CombinationChecks::repeatPrompt),
            entry("startend:end_checker", StartEndChecks::endChecker),
            entry("startend:quotation", StartEndChecks::quotation),
            entry("change_case:capital_word_frequency", CaseChecks::capitalWordFrequency),
            entry("change_case:english_capital", CaseChecks::englishCapital),
            entry("change_case:english_lowercase", CaseChecks::englishLowercase),
            entry("punctuation:no_comma", k -> r -> r.indexOf(',') < 0));

    static Set<String> ids() { return TYPES.keySet(); }

    /** The check of instruction {@code id} with its arguments; an error naming the id when it is unknown. */
    static Check check(String id, Kwargs kwargs) {
        Function<Kwargs, Check> type = TYPES.get(id);
        if (type == null) throw new IllegalArgumentException("unknown IFEval instruction '" + id + "'");
        return type.apply(kwargs);
    }
}
