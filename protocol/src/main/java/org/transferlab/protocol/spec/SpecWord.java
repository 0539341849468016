package org.transferlab.protocol.spec;

import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * One word of a closed vocabulary that a spec field takes (a layer's {@code type}, a data source's
 * {@code type}, {@code train.optimizer}, {@code gtl.mode}): implemented by an enum whose constants are
 * spelled in specs as their names in lower case. The spec records keep such a field a string, so a
 * spec with an unknown word still parses and {@link SpecValidator} names the field; the code that acts
 * on a word switches over the enum, so the compiler sees that every word is handled, and the words
 * are spelled in one place.
 */
public interface SpecWord {

    /** The constant's name; every enum has it. */
    String name();

    /** How specs spell it: the constant's name in lower case, e.g. {@code batchnorm}. */
    default String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code text} (possibly null) spells this word. */
    default boolean is(String text) {
        return word().equals(text);
    }

    /** The word of {@code vocabulary} that {@code text} spells; empty for any other text, null included. */
    static <E extends Enum<E> & SpecWord> Optional<E> find(Class<E> vocabulary, String text) {
        return Arrays.stream(vocabulary.getEnumConstants()).filter(w -> w.is(text)).findFirst();
    }

    /** Every word of {@code vocabulary}, sorted, as error messages list them (unmodifiable). */
    static <E extends Enum<E> & SpecWord> SortedSet<String> words(Class<E> vocabulary) {
        return Collections.unmodifiableSortedSet(
                Arrays.stream(vocabulary.getEnumConstants()).map(SpecWord::word).collect(Collectors.toCollection(TreeSet::new)));
    }
}
