package dev.dilate.eval.ifeval;

/** One instruction, its arguments bound: does a response follow it ({@code check_following})? */
@FunctionalInterface
interface Check {
    boolean follows(String response);
}
