package dev.dilate.cli;

import dev.dilate.eval.report.Table;
import dev.dilate.format.Json;
import dev.dilate.generate.CachePolicy;
import dev.dilate.generate.Denoiser;
import dev.dilate.generate.Generation;
import dev.dilate.generate.GenerationConfig;
import dev.dilate.generate.Generator;
import dev.dilate.generate.Sampling;
import dev.dilate.generate.SpacingStats;
import dev.dilate.generate.Trace;
import dev.dilate.generate.Vocabulary;
import dev.dilate.synthetic.Families;
import dev.dilate.synthetic.Split;
import dev.dilate.model.ShippedModels;
import dev.dilate.model.LoadedModel;
import dev.dilate.oracle.ExactMarkovDenoiser;
import dev.dilate.oracle.MarkovSource;
import dev.dilate.tokenizer.ChatMessage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Decode one sequence with any planner and print the text, NFE, spacing and (with --trace) the step-by-step unmasking.")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = {"--model", "-m"}, description = "a GGUF file (llada or dream), a Hugging Face folder, or a shipped model: default (arithmetic) or text (English); without --model or --source the prompt picks one (words: text)")
    String model;
    @Option(names = "--prompt-ids", split = ",", description = "prompt as token ids, e.g. 1,2,3 (for models without a tokenizer)")
    int[] promptIds;
    @Option(names = "--chat", description = "wrap --prompt in the model's chat template (LLaDA-Instruct or Dream/ChatML)")
    boolean chat;
    @Option(names = "--source", description = "decode with the exact denoiser of a Markov source instead of a model: " + Sources.HELP)
    String source;
    @Option(names = "--order", defaultValue = "1", description = "Markov order k of builtin, random and text sources (default: ${DEFAULT-VALUE})")
    int order;
    @Option(names = "--mix", defaultValue = "0.5", description = "mixing rate of a random source, in (0,1] (default: ${DEFAULT-VALUE})")
    double mix;
    @Option(names = "--alphabet", defaultValue = "4", description = "symbols of a random source (default: ${DEFAULT-VALUE})")
    int alphabet;
    @Option(names = "--chain-seed", defaultValue = "7", description = "seed of a random source (default: ${DEFAULT-VALUE})")
    long chainSeed;

    @Option(names = "--prompt", description = "prompt text (default: for the shipped model a held-out problem, for a source --prompt-length symbols drawn from it)")
    String prompt;
    @Option(names = "--prompt-length", defaultValue = "16", description = "length of a drawn prompt (default: ${DEFAULT-VALUE})")
    int promptLength;
    @Option(names = {"--gen", "-G"}, description = "generated positions G (default: 64 for a source, 32 for a model)")
    Integer gen;
    @Option(names = {"--block", "-B"}, defaultValue = "16", description = "block size B; G must be a multiple (default: ${DEFAULT-VALUE})")
    int block;
    @Option(names = "--planner", defaultValue = "dus", description = "planner, e.g. dus, confidence, eb:gamma=2, cb:tau=0.7+spaced:g0=8 (see 'dilate planners'; default: ${DEFAULT-VALUE})")
    String planner;
    @Option(names = "--temperature", defaultValue = "0", description = "0 = argmax (default: ${DEFAULT-VALUE})")
    double temperature;
    @Option(names = "--top-p", defaultValue = "1", description = "nucleus mass (default: ${DEFAULT-VALUE})")
    double topP;
    @Option(names = "--top-k", defaultValue = "0", description = "0 = no limit (default: ${DEFAULT-VALUE})")
    int topK;
    @Option(names = "--seed", defaultValue = "0", description = "seed of every random choice (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--cache", description = "key/value cache: none, prefix, dual or delayed, optionally :refresh=N (default: "
            + CachePolicy.DECODE_DEFAULT + " for a model; a source has no cache)")
    String cache;
    @Option(names = "--cfg", defaultValue = "0", description = "classifier-free guidance scale; each guided step costs 2 NFE (default: ${DEFAULT-VALUE})")
    double cfg;
    @Option(names = "--stop", description = "stop string (repeatable)")
    List<String> stops = new ArrayList<>();
    @Option(names = "--stop-token", description = "stop token id (repeatable)")
    List<Integer> stopTokens = new ArrayList<>();
    @Option(names = "--no-eos", description = "never produce EOS (LLaDA logits_eos_inf)")
    boolean noEos;
    @Option(names = "--eos-low-confidence", description = "EOS/EoT predictions get confidence 0 (LLaDA confidence_eos_eot_inf)")
    boolean eosLowConfidence;
    @Option(names = "--trace", description = "draw the step-by-step unmasking")
    boolean trace;
    @Option(names = "--color", defaultValue = "auto", description = "reverse-video new tokens in --trace: auto, always, never (default: ${DEFAULT-VALUE})")
    String color;
    @Option(names = "--json", description = "print the result, metrics and full trace as JSON")
    boolean json;

    @Override
    public Integer call() {
        if (model == null && source != null) {
            if (gen == null) gen = 64;
            MarkovSource chain = Sources.build(source, order, mix, alphabet, chainSeed);
            int[] ids = promptIds != null ? promptIds : prompt != null ? Sources.encode(chain, prompt)
                    : chain.sample(promptLength, new SplittableRandom(seed ^ 0x5DEECE66DL));
            Sizes.require("--gen " + gen, (long) ids.length + gen, 16 * (long) Math.pow(alphabet, order) + 64);
            return decode(new ExactMarkovDenoiser(chain), ids, CachePolicy.parse(cache == null ? "none" : cache));
        }
        if (source != null) throw new IllegalArgumentException("give --model or --source, not both");
        if (model == null) model = ShippedModels.forPrompt(prompt);      // words go to the English model
        if (gen == null) gen = 32;
        if (prompt == null && promptIds == null && model.equals(ShippedModels.NAME))
            prompt = Split.heldOut(Families.named(ShippedModels.FAMILY), 1, seed).getFirst().prompt();
        try (LoadedModel m = LoadedModel.open(ShippedModels.resolve(model))) {
            int[] ids = promptIds != null ? promptIds : modelPrompt(m);
            Sizes.requireDecode("--gen " + gen + " with --block " + block, m.transformer().config(), (long) ids.length + gen, block);
            return decode(m.transformer(), ids, CachePolicy.parse(cache == null ? CachePolicy.DECODE_DEFAULT : cache));
        }
    }

    /** The prompt text through the model's tokenizer (control tokens in it recognised), inside its chat template with --chat. */
    private int[] modelPrompt(LoadedModel m) {
        if (prompt == null) throw new IllegalArgumentException("give a --prompt (or --prompt-ids) for " + model);
        return chat ? m.encodeChat(List.of(ChatMessage.user(prompt)), "") : m.encode(prompt, true);
    }

    private int decode(Denoiser denoiser, int[] promptIds, CachePolicy cachePolicy) {
        Vocabulary vocab = denoiser.vocabulary();
        GenerationConfig config = GenerationConfig.of(gen, block)
                .withSampling(new Sampling(temperature, topP, topK, seed))
                .withCfg(cfg)
                .withStops(stopIds(vocab), stops)
                .withTokenRules(special(noEos, vocab, false), special(eosLowConfidence, vocab, true))
                .withCache(cachePolicy);
        Generation g = new Generator(denoiser).generate(promptIds, planner, config);
        if (json) {
            System.out.println(Json.of(describe(g, vocab, planner, block, cachePolicy)));
            return 0;
        }
        System.out.println("prompt:  " + vocab.decode(promptIds));
        System.out.println("output:  " + g.text());
        SpacingStats sp = g.spacing();
        System.out.printf("planner %s, G=%d, B=%d: NFE %d, speed-up %.2fx over token-by-token, %.1f ms%n",
                planner, gen, block, g.nfe(), g.speedup(), g.nanos() / 1e6);
        System.out.printf("cache %s: %d positions recomputed, %.1f per call (%d without a cache)%n", cachePolicy,
                g.trace().forwardedPositions(), (double) g.trace().forwardedPositions() / g.nfe(), (long) g.canvas().length * g.nfe());
        System.out.printf("spacing: pairwise distance %s (step-averaged), %s (pair-weighted), isolated picks %s%%%n",
                Table.num(sp.stepAveragedDistance(), 2), Table.num(sp.pairWeightedDistance(), 2), Table.num(100 * sp.isolatedFraction(), 1));
        if (trace) System.out.print(TraceView.render(g, vocab, block, useColor()));
        return 0;
    }

    /** --stop-token ids, and the vocabulary's EOS and end of turn: an answer ends there, as eval ends it. */
    private Set<Integer> stopIds(Vocabulary vocab) {
        Set<Integer> ids = vocab.endIds();
        ids.addAll(stopTokens);
        return ids;
    }

    private boolean useColor() {
        return switch (color) {
            case "always" -> true;
            case "never" -> false;
            case "auto" -> System.console() != null && System.console().isTerminal();
            default -> throw new IllegalArgumentException("--color must be auto, always or never, got '" + color + "'");
        };
    }

    private static Set<Integer> special(boolean on, Vocabulary vocab, boolean withEot) {
        if (!on) return Set.of();
        if (vocab.eosId() < 0) throw new IllegalArgumentException("this model has no EOS token, so --no-eos / --eos-low-confidence do not apply");
        return withEot ? vocab.endIds() : Set.of(vocab.eosId());
    }

    /** The JSON form of a decode: the same fields as the text output, plus the full trace. */
    static Map<String, Object> describe(Generation g, Vocabulary vocab, String planner, int block, CachePolicy cache) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("planner", planner);
        out.put("block", block);
        out.put("cache", cache.toString());
        out.put("prompt", vocab.decode(g.prompt()));
        out.put("text", g.text());
        out.put("tokens", g.tokens());
        out.put("nfe", g.nfe());
        out.put("forwarded", g.trace().forwardedPositions());
        out.put("speedup", g.speedup());
        out.put("millis", g.nanos() / 1e6);
        out.put("stopped", g.stopped());
        SpacingStats sp = g.spacing();
        out.put("spacing", Map.of("stepAveragedDistance", sp.stepAveragedDistance(),
                "pairWeightedDistance", sp.pairWeightedDistance(), "isolatedFraction", sp.isolatedFraction()));
        Trace t = g.trace();
        List<Map<String, Object>> positions = new ArrayList<>();
        for (int i = 0; i < t.length(); i++) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("offset", i);
            p.put("step", t.stepOf(i));
            p.put("token", t.token(i));
            p.put("piece", t.token(i) >= 0 ? vocab.piece(t.token(i)) : null);
            p.put("probability", t.probability(i));
            p.put("entropyBits", t.entropyBits(i));
            positions.add(p);
        }
        List<Map<String, Object>> steps = new ArrayList<>();
        for (Trace.Step s : t.steps())
            steps.add(Map.of("index", s.index(), "block", s.block(), "nfe", s.nfe(), "forwarded", s.forwarded(), "positions", s.positions(),
                    "tokens", s.tokens(), "edited", s.edited(), "editedTokens", s.editedTokens(), "millis", s.nanos() / 1e6));
        out.put("trace", Map.of("positions", positions, "steps", steps));
        return out;
    }
}
