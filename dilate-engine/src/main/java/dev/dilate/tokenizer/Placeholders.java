package dev.dilate.tokenizer;

import dev.dilate.generate.Vocabulary;

/** A vocabulary of numbered names ({@code "<17>"}) for a model file that carries no tokenizer. */
public record Placeholders(int size) implements Vocabulary {
    @Override public String piece(int id) { return "<" + id + ">"; }
}
