package org.transferlab.experiments.gtl;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads a GTL spec setting that names one of an enum's constants ({@code gtl.distance: absolute}),
 * case-insensitively, with the value an absent setting means. Exists so that the four GTL choices
 * (distance, normalisation, transform, mode) parse and word their errors one way: the error names
 * the field and every accepted value, in the enum's order.
 */
final class GtlChoice {

    private GtlChoice() {}

    /** @throws IllegalArgumentException naming {@code field} and the accepted values when {@code name} is none of them */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String name, E absent) {
        if (name == null) {
            return absent;
        }
        E[] constants = type.getEnumConstants();
        for (E e : constants) {
            if (e.name().equalsIgnoreCase(name)) {
                return e;
            }
        }
        List<String> accepted = Arrays.stream(constants).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        String choices = String.join(", ", accepted.subList(0, accepted.size() - 1)) + " or " + accepted.getLast();
        throw new IllegalArgumentException(field + " must be " + choices + ", got '" + name + "'");
    }
}
