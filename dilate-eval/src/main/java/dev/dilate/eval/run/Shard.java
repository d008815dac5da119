package dev.dilate.eval.run;

/** Part {@code index} of {@code count}: the problems whose position in the task's order is index mod count. */
public record Shard(int index, int count) {
    public Shard {
        if (count < 1 || index < 0 || index >= count)
            throw new IllegalArgumentException("shard must be i/n with 0 <= i < n, got " + index + "/" + count);
    }

    /** Parses "i/n". */
    public static Shard parse(String s) {
        String[] p = s.split("/");
        try {
            if (p.length == 2) return new Shard(Integer.parseInt(p[0].trim()), Integer.parseInt(p[1].trim()));
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--shard must look like i/n (e.g. 0/4), got '" + s + "'");
    }

    public boolean owns(int position) { return position % count == index; }

    @Override public String toString() { return index + "/" + count; }
}
