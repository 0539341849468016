package org.transferlab.protocol.view;

/**
 * One worker slot as the cluster view shows it. {@code utilisation} (0..1) and {@code busySeconds}
 * cover the API's recent usage window; they are null where the supervisor builds the view and are
 * filled in by the HTTP API from the store.
 */
public record SlotView(String slotId, String node, String device, String state, String trialId,
        Double utilisation, Long busySeconds) {

    public SlotView(String slotId, String node, String device, String state, String trialId) {
        this(slotId, node, device, state, trialId, null, null);
    }

    public SlotView withUsage(double utilisation, long busySeconds) {
        return new SlotView(slotId, node, device, state, trialId, utilisation, busySeconds);
    }
}
