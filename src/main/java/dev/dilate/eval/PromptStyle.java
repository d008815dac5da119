package dev.dilate.eval;

/** How prompts are written: as lm-evaluation-harness writes them for base models, or as chat turns for instruct models. */
public enum PromptStyle { BASE, CHAT }
