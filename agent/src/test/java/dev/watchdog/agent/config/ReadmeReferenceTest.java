package dev.watchdog.agent.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's configuration reference is the key table itself: every key, its default, what it takes, whether it reloads live. */
class ReadmeReferenceTest {

    @Test
    void readmeListsEveryKeyWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
        String table = table();
        assertTrue(readme.contains(table),
                "README.md's configuration reference is out of date; paste this table under '## Configuration reference':\n\n" + table);
    }

    /** The markdown table generated from {@link ConfigKeys#describe()}. */
    static String table() {
        StringBuilder out = new StringBuilder("| key | default | takes | reload | meaning |\n|---|---|---|---|---|\n");
        for (String line : ConfigKeys.describe().split("\n")) {
            String[] cells = line.split(" \\| ", 5);
            out.append("| `").append(cells[0]).append("` | ")
                    .append(cells[1].isEmpty() ? "" : "`" + cells[1] + "`").append(" | ")
                    .append(cells[2].replace("|", "\\|")).append(" | ")
                    .append(cells[3]).append(" | ")
                    .append(cells[4].replace("|", "\\|")).append(" |\n");
        }
        return out.toString();
    }
}
