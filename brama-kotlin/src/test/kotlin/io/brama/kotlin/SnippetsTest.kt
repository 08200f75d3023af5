package io.brama.kotlin

import java.nio.file.Files
import java.nio.file.Path
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

/**
 * The Kotlin blocks of docs/kotlin.md and of the README's "Kotlin" section compile: each is in
 * GuideExample.kt word for word, or is the API and each of its lines is a public declaration of
 * the module's sources.
 */
class SnippetsTest {
  private val root: Path = Path.of("..").toAbsolutePath().normalize()
  private val example = read(Path.of("src/test/kotlin/io/brama/kotlin/GuideExample.kt"))
  private val api = Files.list(Path.of("src/main/kotlin/io/brama/kotlin")).use { files ->
    files.map(::read).toList().joinToString("\n")
  }

  @Test
  fun everyKotlinBlockOfTheGuideAndTheReadmeCompiles() {
    val guide = kotlinBlocks(read(root.resolve("docs/kotlin.md")))
    val readme = read(root.resolve("README.md"))
    val section = readme.substringAfter("\n## Kotlin\n").substringBefore("\n## ")
    val blocks = guide + kotlinBlocks(section)
    assertThat(guide).hasSizeGreaterThanOrEqualTo(2)
    assertThat(kotlinBlocks(section)).isNotEmpty()
    for (block in blocks) {
      if (block in example) {
        continue
      }
      for (line in block.lines()) {
        assertThat(api).`as`("a block neither in GuideExample.kt nor the API:%n%s", block)
            .contains("public $line")
      }
    }
  }

  private fun kotlinBlocks(markdown: String): List<String> =
      Regex("```kotlin\n(.*?)\n```", RegexOption.DOT_MATCHES_ALL).findAll(markdown)
          .map { it.groupValues[1] }.toList()

  private fun read(path: Path): String = Files.readString(path).replace("\r\n", "\n")
}
