package io.openenv4j.server.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;

/**
 * How full the heap is, as the garbage collector last left it: live data, not garbage waiting to be
 * collected, so that a busy but healthy server is not mistaken for one about to run out of memory.
 */
final class HeapUse {

    private static final List<MemoryPoolMXBean> POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported())
            .toList();

    private HeapUse() {}

    /** Used over maximum heap after the last collection, in [0, 1]; the current use when no pool reports it. */
    static double afterLastCollection() {
        long max = Runtime.getRuntime().maxMemory();
        if (max <= 0 || max == Long.MAX_VALUE) {
            return 0;
        }
        long used = 0;
        boolean reported = false;
        for (MemoryPoolMXBean pool : POOLS) {
            MemoryUsage afterGc = pool.getCollectionUsage();
            if (afterGc != null) {
                used += afterGc.getUsed();
                reported = true;
            }
        }
        if (!reported) {
            Runtime runtime = Runtime.getRuntime();
            used = runtime.totalMemory() - runtime.freeMemory();
        }
        return Math.min(1.0, (double) used / max);
    }
}
