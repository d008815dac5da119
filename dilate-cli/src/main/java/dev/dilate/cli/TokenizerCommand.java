package dev.dilate.cli;

import dev.dilate.tokenizer.BpeTrainer;
import dev.dilate.tokenizer.PreTokenizer;
import dev.dilate.tokenizer.Tokenizer;
import dev.dilate.tokenizer.TokenizerJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "tokenizer", mixinStandardHelpOptions = true, description = "Tokenizers: train one.",
        subcommands = TokenizerCommand.Train.class)
final class TokenizerCommand {

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = {"Train a byte-level BPE tokenizer (GPT-2's pre-tokenizer and byte alphabet) on text files and write",
                    "Hugging Face's tokenizer.json, which dilate and Hugging Face's tokenizers both read."})
    static final class Train implements Callable<Integer> {
        @Option(names = "--in", required = true, split = ",", description = "text files to train on (UTF-8), comma-separated")
        List<Path> inputs;
        @Option(names = "--vocab", defaultValue = "4096", description = "tokens learned, the 256 bytes included; the specials come on top (default: ${DEFAULT-VALUE})")
        int vocab;
        @Option(names = "--special", split = ",", defaultValue = "<|endoftext|>,<|mdm_mask|>",
                description = "special tokens numbered after the learned ones: end of text and the mask (default: ${DEFAULT-VALUE})")
        List<String> specials;
        @Option(names = {"--out", "-o"}, required = true, description = "tokenizer.json to write")
        Path out;

        @Override
        public Integer call() throws Exception {
            StringBuilder text = new StringBuilder();
            for (Path in : inputs) {
                if (!Files.isRegularFile(in)) throw new IllegalArgumentException("--in " + in + ": no such file");
                text.append(Files.readString(in, StandardCharsets.UTF_8)).append('\n');
            }
            long start = System.nanoTime();
            BpeTrainer.Result r = BpeTrainer.train(text.toString(), PreTokenizer.GPT2, vocab);
            r.save(out, specials);
            Tokenizer t = TokenizerJson.load(out);
            long chars = text.length(), tokens = t.encode(text.toString(), false, false).length;
            System.out.printf("wrote %s: %d tokens (%d merges) + %d special, trained on %d characters in %.1f s; %.2f characters per token%n",
                    out, r.tokens().size(), r.merges().size(), specials.size(), chars, (System.nanoTime() - start) / 1e9, (double) chars / tokens);
            return 0;
        }
    }
}
