package cn.gongkai.evaluator.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A test method that lost its {@code @Test} is not run and not reported: it fails nothing, silently (one in
 * CheckersOnSandboxIT went unnoticed for a week). Every module's test sources are read: a {@code void} method that is
 * not private or static, has no annotation and is called nowhere in its file looks like a test that stopped running.
 */
class TestAnnotationsTest {

    private static final Pattern TEST_ANNOTATION = Pattern.compile("@\\w*Test\\b");
    private static final Pattern METHOD = Pattern.compile("^(\\s+)(?:public\\s+|protected\\s+)?void\\s+(\\w+)\\s*\\(");

    @Test
    void everyTestLikeMethodHasATestAnnotation() throws IOException {
        Path root = repositoryRoot();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().replace('\\', '/').contains("/src/test/java/"))
                    .filter(f -> !f.toString().contains("/target/"))
                    .toList();
        }
        assertThat(sources).as("test sources under " + root).hasSizeGreaterThan(50);
        List<String> unannotated = new ArrayList<>();
        for (Path source : sources) {
            unannotated.addAll(unannotatedTestLikeMethods(root.relativize(source).toString(),
                    Files.readAllLines(source)));
        }
        assertThat(unannotated).as("methods that look like tests but have no @Test (or another JUnit annotation); "
                + "annotate them, make them private, or call them").isEmpty();
    }

    @Test
    void findsAMethodThatLostItsAnnotationAndNothingElse() {
        List<String> lines = List.of(
                "class FooIT {",
                "    @Test",
                "    void kept() {",
                "        helper();",
                "    }",
                "",
                "    void lost() {",
                "    }",
                "",
                "    @ParameterizedTest",
                "    @CsvSource(delimiter = '|', textBlock = \"\"\"",
                "        a | b",
                "        \"\"\")",
                "    void parameterized(String a, String b) {",
                "    }",
                "",
                "    void helper() {",
                "    }",
                "",
                "    private void alsoHelper() {",
                "    }",
                "}");
        assertThat(unannotatedTestLikeMethods("FooIT.java", lines)).containsExactly("FooIT.java:7 lost()");
    }

    static List<String> unannotatedTestLikeMethods(String name, List<String> lines) {
        String text = String.join("\n", lines);
        List<String> found = new ArrayList<>();
        // Fixtures and helpers shared between test classes declare no tests of their own.
        if (!TEST_ANNOTATION.matcher(text).find()) {
            return found;
        }
        for (int i = 0; i < lines.size(); i++) {
            Matcher method = METHOD.matcher(lines.get(i));
            if (!method.find() || annotated(lines, i)) {
                continue;
            }
            String methodName = method.group(2);
            Matcher uses = Pattern.compile("\\b" + Pattern.quote(methodName) + "\\s*\\(|::" + Pattern.quote(methodName)
                    + "\\b").matcher(text);
            int count = 0;
            while (uses.find()) {
                count++;
            }
            if (count <= 1) {
                found.add(name + ":" + (i + 1) + " " + methodName + "()");
            }
        }
        return found;
    }

    /** An annotation on one of the lines right above the declaration, past comments and annotation arguments. */
    private static boolean annotated(List<String> lines, int declaration) {
        boolean inTextBlock = false;
        for (int i = declaration - 1; i >= 0; i--) {
            String line = lines.get(i).strip();
            if (line.contains("\"\"\"")) {
                inTextBlock = !inTextBlock;
                continue;
            }
            if (inTextBlock) {
                continue;
            }
            if (line.startsWith("@")) {
                return true;
            }
            if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*")) {
                continue;
            }
            // A multi-line annotation argument ends with ")".
            if (line.endsWith(")") || line.endsWith("})") || line.endsWith("\",")) {
                continue;
            }
            return false;
        }
        return false;
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("evaluator")))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("the repository root above " + Path.of("").toAbsolutePath()).isNotNull();
        return dir;
    }
}
