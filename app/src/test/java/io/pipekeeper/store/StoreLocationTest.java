package io.pipekeeper.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.pipekeeper.config.Catalog;
import io.pipekeeper.config.ConfigLoader;
import io.pipekeeper.config.SeedText;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreLocationTest {
    private static Catalog catalogAt(Path file, String text) {
        return new ConfigLoader().parse(file, file.toString(), text);
    }

    @Test
    void the_default_is_an_h2_file_in_dot_pipekeeper_beside_the_configuration_shared_between_processes() {
        Path seed = SeedText.seedFile();
        Catalog catalog = catalogAt(seed, SeedText.text());
        StoreLocation location = StoreLocation.of(catalog, Map.of());
        assertThat(location.url()).startsWith("jdbc:h2:file:" + seed.getParent().resolve(".pipekeeper/pipekeeper") + ";AUTO_SERVER=TRUE;");
        assertThat(location.isPostgres()).isFalse();
    }

    @Test
    void postgresql_takes_its_user_and_password_from_the_environment_and_never_prints_the_password() {
        String text = SeedText.replace(SeedText.text(), "version: 1\n", "version: 1\nstore: jdbc:postgresql://db:5432/pipekeeper\n");
        StoreLocation location = StoreLocation.of(catalogAt(SeedText.seedFile(), text),
                Map.of("PIPEKEEPER_STORE_USER", "pk", "PIPEKEEPER_STORE_PASSWORD", "s3cret"));
        assertThat(location.url()).isEqualTo("jdbc:postgresql://db:5432/pipekeeper");
        assertThat(location.user()).contains("pk");
        assertThat(location.password()).contains("s3cret");
        assertThat(location.toString()).isEqualTo("jdbc:postgresql://db:5432/pipekeeper (user pk)");
    }

    @Test
    void a_relative_h2_path_is_relative_to_the_configuration_file() {
        assertThat(StoreLocation.relativeToConfig("jdbc:h2:file:state/pk;AUTO_SERVER=TRUE", Path.of("/srv/team")))
                .isEqualTo("jdbc:h2:file:/srv/team/state/pk;AUTO_SERVER=TRUE");
        assertThat(StoreLocation.relativeToConfig("jdbc:h2:file:/var/lib/pk", Path.of("/srv/team")))
                .isEqualTo("jdbc:h2:file:/var/lib/pk");
    }
}
