package io.openenv4j.tasks.manifest;

/**
 * Expected resources of a runtime; absent numbers are null.
 *
 * @param cpus CPU cores
 * @param memoryGb memory in GB ({@code memory_gb})
 * @param gpus GPU count
 * @param network whether the runtime needs network access, or null when unstated
 */
public record Resources(Double cpus, Double memoryGb, Integer gpus, Boolean network) {

    static Resources from(Node node) {
        node.mapping();
        Double cpus = positive(node, "cpus");
        Double memory = positive(node, "memory_gb");
        Integer gpus = null;
        if (node.has("gpus")) {
            double g = node.field("gpus").number();
            if (g < 0 || g != Math.rint(g)) {
                throw new ManifestException(node.child("gpus"), "expected a whole number >= 0, got " + g);
            }
            gpus = (int) g;
        }
        return new Resources(
                cpus, memory, gpus, node.has("network") ? RuntimeRequirements.network(node.field("network")) : null);
    }

    private static Double positive(Node node, String name) {
        if (!node.has(name)) {
            return null;
        }
        double v = node.field(name).number();
        if (!(v > 0)) {
            throw new ManifestException(node.child(name), "expected a number > 0, got " + v);
        }
        return v;
    }
}
