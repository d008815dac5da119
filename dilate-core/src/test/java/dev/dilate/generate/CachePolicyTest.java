package dev.dilate.generate;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CachePolicyTest {
    private static final int[] NO_ROWS = {};

    @Test
    void parsesModesAndRefreshAndPrintsThemBack() {
        for (String s : new String[] {"none", "prefix", "dual", "delayed", "dual:refresh=2", "delayed:kv=f32", "prefix:refresh=3,kv=f32"})
            assertEquals(s, CachePolicy.parse(s).toString());
        assertEquals("dual", CachePolicy.parse("dual:kv=f16").toString());
        assertEquals(CachePolicy.Storage.F32, CachePolicy.parse("dual:kv=f32,refresh=2").storage());
        assertEquals(CachePolicy.Mode.DUAL, CachePolicy.parse(" DUAL ").mode());
        for (String bad : new String[] {"lru", "dual:refresh=0", "dual:every=2", "dual:refresh=x", "dual:kv=bf16", ""}) {
            var e = assertThrows(IllegalArgumentException.class, () -> CachePolicy.parse(bad), bad);
            assertTrue(e.getMessage().contains("cache"), e.getMessage());
        }
    }

    /** Canvas 40 (prompt 8), blocks of 8: the second block is positions 16-23. */
    @Test
    void eachModeRecomputesWhatItsDefinitionSays() {
        CachePolicy prefix = CachePolicy.parse("prefix"), dual = CachePolicy.parse("dual"), delayed = CachePolicy.parse("delayed");
        assertNull(prefix.fresh(40, 16, 8, 0, false, NO_ROWS), "a block's first call is whole");
        assertArrayEquals(range(16, 40), prefix.fresh(40, 16, 8, 1, false, NO_ROWS));
        assertNull(dual.fresh(40, 16, 8, 0, false, NO_ROWS));
        assertArrayEquals(range(16, 24), dual.fresh(40, 16, 8, 2, false, NO_ROWS));
        assertNull(delayed.fresh(40, 8, 8, 0, true, NO_ROWS), "the decode's first call is whole");
        assertArrayEquals(range(8, 24), delayed.fresh(40, 16, 8, 0, false, NO_ROWS), "the finished block joins the block's first call");
        assertArrayEquals(range(16, 24), delayed.fresh(40, 16, 8, 1, false, NO_ROWS));
        assertNull(CachePolicy.NONE.fresh(40, 16, 8, 1, false, NO_ROWS));
    }

    @Test
    void rowsAskedForAreAlwaysRecomputedAndRefreshMakesWholeCalls() {
        int[] shifted = {15, 17};   // Dream reads position 16's logits from row 15
        int[] want = {15, 16, 17, 18, 19, 20, 21, 22, 23};
        assertArrayEquals(want, CachePolicy.parse("dual").fresh(40, 16, 8, 1, false, shifted));
        CachePolicy every2 = CachePolicy.parse("delayed:refresh=2");
        assertNull(every2.fresh(40, 16, 8, 0, false, NO_ROWS));
        assertArrayEquals(range(16, 24), every2.fresh(40, 16, 8, 1, false, NO_ROWS));
        assertNull(every2.fresh(40, 16, 8, 2, false, NO_ROWS));
    }

    private static int[] range(int from, int to) {
        return java.util.stream.IntStream.range(from, to).toArray();
    }
}
