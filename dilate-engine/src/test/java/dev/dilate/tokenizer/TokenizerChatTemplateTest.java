package dev.dilate.tokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static dev.dilate.tokenizer.ChatMessage.assistant;
import static dev.dilate.tokenizer.ChatMessage.system;
import static dev.dilate.tokenizer.ChatMessage.user;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TokenizerChatTemplateTest {
    @Test
    void lladaSingleTurn() {
        assertEquals("<|startoftext|><|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                ChatTemplate.LLADA.render(List.of(user("What is 2+2?"))));
    }

    @Test
    void lladaSystemAndMultiTurn() {
        assertEquals("<|startoftext|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nAnd now?<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                ChatTemplate.LLADA.render(List.of(system("Be brief."), user("Hi"), assistant("Hello!"), user("And now?"))));
    }

    @Test
    void dreamAddsTheDefaultSystemPrompt() {
        assertEquals("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n"
                        + "<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(List.of(user("What is 2+2?"))));
    }

    @Test
    void dreamKeepsAGivenSystemPromptAndTurns() {
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
                        + "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nAnd now?<|im_end|>\n<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(List.of(system("Be brief."), user("Hi"), assistant("Hello!"), user("And now?"))));
    }

    @Test
    void selectedByArchitectureOrVocabulary(@TempDir Path dir) throws Exception {
        assertEquals(ChatTemplate.LLADA, dev.dilate.model.Architecture.named("llada").chatTemplate);
        assertEquals(ChatTemplate.CHATML, dev.dilate.model.Architecture.named("dream").chatTemplate);
        assertThrows(IllegalArgumentException.class, () -> dev.dilate.model.Architecture.named("llama"));
        Tokenizer chatml = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 50));
        assertEquals(Optional.of(ChatTemplate.CHATML), ChatTemplate.detect(chatml));
        assertEquals(Optional.of(ChatTemplate.LLADA), ChatTemplate.forModel(Tokenizer.bytes(300, "<|startoftext|>", "<|endoftext|>", "<|mdm_mask|>"), ChatTemplate.LLADA), "bytes spell any template");
    }

    @Test
    void lingRolesEachTurnClosedAndDetected(@TempDir Path dir) throws Exception {
        assertEquals("<role>SYSTEM</role>Be brief.<|role_end|><role>HUMAN</role>Hi<|role_end|><role>ASSISTANT</role>Hello!<|role_end|>"
                        + "<role>HUMAN</role>And now?<|role_end|><role>ASSISTANT</role>",
                ChatTemplate.LING.render(List.of(system("Be brief."), user("Hi"), assistant("Hello!"), user("And now?"))));
        assertEquals(ChatTemplate.LING, dev.dilate.model.Architecture.named("llada-moe").chatTemplate);
        Tokenizer ling = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.LING, 50));
        assertEquals(Optional.of(ChatTemplate.LING), ChatTemplate.detect(ling));
        assertEquals(true, ling.endIds().contains(ling.id("<|role_end|>")), "a turn's end stops the answer");
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.LING.render(List.of(new ChatMessage("tool", "x"))));
    }

    /** A character vocabulary that cannot spell '<' gets the bare prompt: the last user message. */
    @Test
    void modelsWithoutTurnsTakeTheLastUserMessage() {
        Tokenizer chars = Tokenizer.characters("0123456789+=", "<|endoftext|>", "<|mdm_mask|>");
        assertEquals(Optional.of(ChatTemplate.BARE), ChatTemplate.forModel(chars, ChatTemplate.LLADA));
        assertEquals("12+3=", ChatTemplate.BARE.render(List.of(system("add"), user("1+1="), assistant("2"), user("12+3="))));
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.BARE.render(List.of(system("add"))));
    }

    @Test
    void renderedPromptTokenizesItsMarkersAsSpecialIds(@TempDir Path dir) throws Exception {
        Tokenizer t = TokenizerJson.load(TinyBpe.write(dir, TinyBpe.Style.QWEN2, 200));
        String prompt = ChatTemplate.CHATML.render(List.of(user("Hi")));
        int[] ids = t.encode(prompt, true, true);
        assertEquals(t.id("<|im_start|>"), ids[0]);
        assertEquals(3, java.util.Arrays.stream(ids).filter(id -> id == t.id("<|im_start|>")).count());
        assertEquals(2, java.util.Arrays.stream(ids).filter(id -> id == t.id("<|im_end|>")).count());
        assertEquals(prompt, t.decode(ids));
    }
}
