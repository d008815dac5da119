package dev.dilate.cli;

import dev.dilate.synthetic.Families;
import dev.dilate.model.Architecture;
import dev.dilate.model.ModelConfig;
import dev.dilate.tokenizer.Tokenizer;
import dev.dilate.tokenizer.TokenizerJson;
import dev.dilate.train.Checkpoint;
import dev.dilate.train.HeldOut;
import dev.dilate.train.Parameters;
import dev.dilate.train.SyntheticData;
import dev.dilate.train.TextData;
import dev.dilate.train.TrainOptions;
import dev.dilate.train.Trainer;
import dev.dilate.train.TrainingData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a LLaDA-architecture masked diffusion LM on the synthetic task families, or on text with --text and --tokenizer,",
                "with the poster's objective, checkpointing as it goes (a killed run resumes from --checkpoints), and write it as a llada GGUF",
                "with its tokenizer."})
public final class TrainCommand implements Callable<Integer> {
    @Option(names = {"--out", "-o"}, required = true, description = "the GGUF file to write at the end")
    Path out;
    @Option(names = "--checkpoints", defaultValue = "target/train", description = "checkpoint folder; an existing checkpoint is resumed (default: ${DEFAULT-VALUE})")
    Path checkpoints;
    @Option(names = "--families", split = ",", defaultValue = "add,reverse,sort,arith", description = "synthetic families, drawn uniformly from the list (a family named twice is drawn twice as often; default: ${DEFAULT-VALUE})")
    List<String> families;
    @Option(names = "--canvas", defaultValue = "32", description = "answer positions, padded with EOS; with --text, tokens per window (default: ${DEFAULT-VALUE})")
    int canvas;
    @Option(names = "--text", description = "train on this text (documents separated by blank lines) instead of the synthetic families")
    Path text;
    @Option(names = "--valid", description = "with --text: held-out text whose masked-diffusion loss (nats per token, an ELBO bound) is logged at every checkpoint")
    Path valid;
    @Option(names = "--tokenizer", description = "with --text: the tokenizer.json to use (see 'dilate tokenizer train'); it needs EOS and a mask token")
    Path tokenizer;
    @Option(names = "--steps", defaultValue = "2000", description = "optimizer steps; the schedule's length (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--batch", defaultValue = "32", description = "sequences per step (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default: ${DEFAULT-VALUE})")
    double lr;
    @Option(names = "--min-lr", defaultValue = "1e-4", description = "learning rate at the end of the cosine (default: ${DEFAULT-VALUE})")
    double minLr;
    @Option(names = "--dim", defaultValue = "256", description = "hidden size (default: ${DEFAULT-VALUE})")
    int dim;
    @Option(names = "--layers", defaultValue = "6", description = "layers (default: ${DEFAULT-VALUE})")
    int layers;
    @Option(names = "--heads", defaultValue = "8", description = "attention heads (default: ${DEFAULT-VALUE})")
    int heads;
    @Option(names = "--ffn", defaultValue = "704", description = "SwiGLU hidden size (default: ${DEFAULT-VALUE})")
    int ffn;
    @Option(names = "--seed", defaultValue = "1", description = "initialisation, data and masking seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--init", description = "start from this model's weights (a curriculum's next stage: new families, fresh optimizer and schedule), "
            + "in its own shape (so without --dim, --layers, --heads, --ffn)")
    Path init;
    @Spec
    CommandSpec spec;
    @Option(names = "--checkpoint-every", defaultValue = "100", description = "steps between checkpoints (default: ${DEFAULT-VALUE})")
    int checkpointEvery;
    @Option(names = "--log-every", defaultValue = "10", description = "steps between progress lines (default: ${DEFAULT-VALUE})")
    int logEvery;

    /** The model exported beside each checkpoint, so eval and generate can follow a run that goes on. */
    public static final String LATEST = "latest.gguf";

    /** The tokenizer of every model trained on the synthetic families: their characters, EOS and the mask. */
    static Tokenizer syntheticTokenizer() { return Tokenizer.characters(Families.ALPHABET, "<|endoftext|>", "<|mdm_mask|>"); }

    @Override
    public Integer call() throws IOException {
        if ((text == null) != (tokenizer == null)) throw new IllegalArgumentException("--text and --tokenizer go together");
        Tokenizer tok = text == null ? syntheticTokenizer() : TokenizerJson.load(tokenizer);
        if (tok.specials().mask() < 0) throw new IllegalArgumentException(tokenizer + ": no mask token (<|mdm_mask|> or <|mask|>)");
        TrainingData data;
        if (text == null) data = new SyntheticData(families.stream().map(Families::named).toList(), tok, canvas);
        else {
            if (!Files.isRegularFile(text)) throw new IllegalArgumentException("--text " + text + ": no such file");
            TextData windows = new TextData(Files.readString(text), tok, canvas);
            System.err.printf("dilate train: %s is %,d tokens, windows of %d%n", text, windows.tokens(), canvas);
            data = windows;
        }
        TrainOptions options = TrainOptions.defaults(steps, batch, tok.eosId(), seed).withLearningRate(lr, minLr)
                .withBookkeeping(checkpointEvery, logEvery);
        Trainer trainer;
        if (init != null) {
            for (String shape : List.of("--dim", "--layers", "--heads", "--ffn"))
                if (spec.commandLine().getParseResult().hasMatchedOption(shape))
                    throw new IllegalArgumentException(shape + " with --init: the model keeps the shape of " + init);
            Parameters start = Checkpoint.weights(init);
            if (start.config().vocab() != tok.size() || start.config().maskId() != tok.specials().mask())
                throw new IllegalArgumentException("--init " + init + ": its vocabulary (" + start.config().vocab() + " tokens, mask "
                        + start.config().maskId() + ") is not this run's tokenizer's (" + tok.size() + ", mask " + tok.specials().mask() + ")");
            trainer = new Trainer(start, data, options);
        } else {
            if (heads < 1 || dim % heads != 0) throw new IllegalArgumentException("--dim " + dim + " must be a multiple of --heads " + heads);
            ModelConfig config = new ModelConfig(Architecture.LLADA.ggufName, dim, layers, heads, heads, dim / heads, ffn, tok.size(), 1e-5f, 10000f,
                    false, tok.specials().mask(), false, 4096);
            trainer = new Trainer(config, false, data, options);
        }
        HeldOut heldOut = valid == null ? null : heldOut(tok, options);
        trainer.run(steps, checkpoints, System.err, c -> {
            c.export(checkpoints.resolve(LATEST), tok);
            if (heldOut != null) {
                double nats = heldOut.loss(c.parameters());
                System.err.printf("step %d  held-out loss %.4f nats/token  (ELBO perplexity <= %.1f per token)%n", c.step(), nats, Math.exp(nats));
            }
        });
        trainer.checkpoint().export(out, tok);
        System.out.printf("wrote %s (%,d parameters, step %d)%n", out, trainer.checkpoint().parameters().count(), trainer.step());
        return 0;
    }

    /** The held-out set: 8 batches of 16 windows of --valid, masked once from a fixed seed. */
    private HeldOut heldOut(Tokenizer tok, TrainOptions options) throws IOException {
        if (text == null) throw new IllegalArgumentException("--valid goes with --text");
        if (!Files.isRegularFile(valid)) throw new IllegalArgumentException("--valid " + valid + ": no such file");
        return new HeldOut(new TextData(Files.readString(valid), tok, canvas), 8, 16, tok.specials().mask(), options, 12345);
    }
}
