package org.transferlab.orchestrator.experiment;

/**
 * The answer to a control request (pause, resume, stop a trial): accepted with the resulting
 * status, or refused because the target is unknown or in a state that does not allow it.
 */
public record ControlReply(Outcome outcome, String id, String status, String message) {

    public enum Outcome { ACCEPTED, NOT_FOUND, CONFLICT }

    public static ControlReply accepted(String id, String status) {
        return new ControlReply(Outcome.ACCEPTED, id, status, null);
    }

    public static ControlReply notFound(String id, String message) {
        return new ControlReply(Outcome.NOT_FOUND, id, null, message);
    }

    public static ControlReply conflict(String id, String message) {
        return new ControlReply(Outcome.CONFLICT, id, null, message);
    }
}
