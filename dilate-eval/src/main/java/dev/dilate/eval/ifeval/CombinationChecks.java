package dev.dilate.eval.ifeval;

import java.util.ArrayList;
import java.util.List;

/** The combination:* instructions. */
final class CombinationChecks {
    private CombinationChecks() {}

    /**
     * combination:two_responses: exactly two non-blank pieces between "******" that differ after
     * stripping; blank pieces may only be first or last.
     */
    static Check twoResponses(Kwargs k) {
        return r -> {
            String[] pieces = r.split("\\*{6}", -1);
            List<String> answers = new ArrayList<>();
            for (int i = 0; i < pieces.length; i++) {
                if (!PyText.strip(pieces[i]).isEmpty()) answers.add(PyText.strip(pieces[i]));
                else if (i > 0 && i < pieces.length - 1) return false;
            }
            return answers.size() == 2 && !answers.get(0).equals(answers.get(1));
        };
    }

    /** combination:repeat_prompt: the response starts with the request, ignoring case and outer space. */
    static Check repeatPrompt(Kwargs k) {
        String request = PyText.lower(PyText.strip(k.string("prompt_to_repeat")));
        return r -> PyText.lower(PyText.strip(r)).startsWith(request);
    }
}
