package dev.dilate.synthetic;

/**
 * One synthetic problem: the prompt, the full answer the model must write, and the part of it that
 * decides correctness (the final value of a worked calculation; the whole answer otherwise).
 */
public record Example(String prompt, String answer, String result) {}
