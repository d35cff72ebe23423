package io.openenv4j.envs.mcpbridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void wordsAreSeparatedByAnyWhitespace() {
        assertThat(CommandLine.split("  npx\t-y   server  ")).containsExactly("npx", "-y", "server");
    }

    @Test
    void singleQuotesKeepEverythingLiterally() {
        assertThat(CommandLine.split("echo 'a \"b\" \\c $d'")).containsExactly("echo", "a \"b\" \\c $d");
    }

    @Test
    void doubleQuotesUnescapeOnlyQuoteBackslashDollarAndBacktick() {
        assertThat(CommandLine.split("x \"a \\\"b\\\" \\\\ \\$ \\` \\n\"")).containsExactly("x", "a \"b\" \\ $ ` \\n");
    }

    @Test
    void quotedPartsJoinTheirWord() {
        assertThat(CommandLine.split("--root='/tmp/my dir'/sub \"\"")).containsExactly("--root=/tmp/my dir/sub", "");
    }

    @Test
    void aBackslashOutsideQuotesEscapesTheNextCharacter() {
        assertThat(CommandLine.split("a\\ b c\\'d")).containsExactly("a b", "c'd");
    }

    @Test
    void unclosedQuotesLoneBackslashesAndEmptyLinesAreRejected() {
        assertThatThrownBy(() -> CommandLine.split("a 'b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandLine.split("a \"b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandLine.split("a \\")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandLine.split("   ")).isInstanceOf(IllegalArgumentException.class);
    }
}
