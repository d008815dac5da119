package dev.dilate.eval.ifeval;

import com.cybozu.labs.langdetect.LangDetectException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.dilate.eval.ifeval.Checks.fails;
import static dev.dilate.eval.ifeval.Checks.passes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class LanguageTest {

    private static final Map<String, String> SAMPLES = Map.of(
            "de", "Das Wetter ist heute sehr schön, und wir gehen am Nachmittag mit unseren Freunden an den Strand.",
            "ru", "Сегодня очень хорошая погода, и мы пойдём с друзьями гулять в парк после обеда.",
            "hi", "आज मौसम बहुत अच्छा है और हम दोपहर में अपने दोस्तों के साथ पार्क में घूमने जाएंगे।",
            "ko", "오늘은 날씨가 아주 좋아서 오후에 친구들과 함께 공원에 산책하러 갈 예정입니다.",
            "th", "วันนี้อากาศดีมาก และเราจะไปเดินเล่นที่สวนสาธารณะกับเพื่อนๆ ในตอนบ่าย",
            "vi", "Hôm nay thời tiết rất đẹp, và chúng tôi sẽ đi dạo trong công viên với bạn bè vào buổi chiều.",
            "it", "Oggi il tempo è molto bello e nel pomeriggio andremo a passeggiare nel parco con i nostri amici.",
            "fi", "Tänään on todella kaunis sää, ja menemme iltapäivällä ystäviemme kanssa kävelylle puistoon.",
            "ar", "الطقس اليوم جميل جدا، وسنذهب بعد الظهر مع أصدقائنا للتنزه في الحديقة.",
            "sw", "Leo hali ya hewa ni nzuri sana, na tutakwenda kutembea katika bustani pamoja na marafiki zetu mchana.");

    @Test
    void detectsClearSentencesOfSeveralLanguages() throws LangDetectException {
        for (var e : SAMPLES.entrySet()) assertEquals(e.getKey(), Language.detect(e.getValue()), e.getValue());
    }

    @Test
    void detectionIsReproducible() throws LangDetectException {
        String mixed = "Hallo, wie geht es? Hello, how are you? Ciao, come stai?";
        String first = Language.detect(mixed);
        for (int i = 0; i < 5; i++) assertEquals(first, Language.detect(mixed));
    }

    @Test
    void responseLanguageChecksTheCode() {
        passes("language:response_language", "{\"language\": \"hi\"}", SAMPLES.get("hi"));
        fails("language:response_language", "{\"language\": \"hi\"}", SAMPLES.get("de"));
        fails("language:response_language", "{\"language\": \"ko\"}", "Today the weather is lovely and we will walk in the park.");
    }

    @Test
    void undetectableTextCountsAsFollowed() {
        assertThrows(LangDetectException.class, () -> Language.detect("12345 !!! ..."));
        passes("language:response_language", "{\"language\": \"bn\"}", "12345 !!! ...");
    }
}
