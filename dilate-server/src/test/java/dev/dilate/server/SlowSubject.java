package dev.dilate.server;

import dev.dilate.generate.Denoiser;
import dev.dilate.generate.Vocabulary;
import dev.dilate.session.Prompt;
import dev.dilate.session.Subject;

import java.util.Set;

/** A subject whose every denoiser call takes at least the given time: requests that last long enough to queue, cancel and time out. */
final class SlowSubject implements Subject {
    private final Subject inner;
    private final Denoiser slow;

    SlowSubject(Subject inner, long millisPerCall) {
        this.inner = inner;
        Denoiser d = inner.denoiser();
        this.slow = new Denoiser() {
            @Override public Vocabulary vocabulary() { return d.vocabulary(); }
            @Override public int maskId() { return d.maskId(); }
            @Override public boolean shiftedLogits() { return d.shiftedLogits(); }
            @Override public float[][] logits(int[] canvas, int[] rows) {
                try {
                    Thread.sleep(millisPerCall);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return d.logits(canvas, rows);
            }
        };
    }

    @Override public String name() { return inner.name(); }
    @Override public Denoiser denoiser() { return slow; }
    @Override public int[] encode(Prompt prompt) { return inner.encode(prompt); }
    @Override public Set<Integer> stopTokens() { return inner.stopTokens(); }
    @Override public void close() { inner.close(); }
}
