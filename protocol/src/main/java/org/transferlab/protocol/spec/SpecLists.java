package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Unmodifiable copies of the lists a spec carries that keep null elements. A spec written with a
 * blank or null entry ({@code hidden: [64, ~]}) must reach the validator, which names the element
 * ({@code model.hidden[1]}), instead of failing inside {@code List.copyOf} before validation.
 */
final class SpecLists {

    private SpecLists() {}

    static <T> List<T> copy(List<T> list) {
        return Collections.unmodifiableList(new ArrayList<>(list));
    }
}
