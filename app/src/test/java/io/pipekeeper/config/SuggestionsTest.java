package io.pipekeeper.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
    private static final List<String> PEOPLE = List.of("john", "emily", "michael", "david");

    @Test
    void a_dropped_letter_a_swapped_pair_and_a_wrong_letter_are_each_one_step() {
        assertThat(Suggestions.distance("jon", "john")).isEqualTo(1);
        assertThat(Suggestions.distance("emial", "email")).isEqualTo(1);
        assertThat(Suggestions.distance("davud", "david")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void the_closest_known_name_is_suggested() {
        assertThat(Suggestions.didYouMean("jon", PEOPLE)).isEqualTo(" (did you mean 'john'?)");
        assertThat(Suggestions.didYouMean("Micheal", PEOPLE)).isEqualTo(" (did you mean 'michael'?)");
    }

    @Test
    void nothing_is_suggested_when_no_name_is_close() {
        assertThat(Suggestions.didYouMean("zoe", PEOPLE)).isEmpty();
        assertThat(Suggestions.didYouMean("XX", List.of("US", "DE"))).isEmpty();
        assertThat(Suggestions.didYouMean("john", List.of())).isEmpty();
    }
}
