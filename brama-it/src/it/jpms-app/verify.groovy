import java.util.concurrent.TimeUnit

// The application itself, started as a module: java --module-path <app>:<brama-core> -m app.jpms/...
def core = new File(localRepositoryPath,
    "io/brama/brama-core/${projectVersion}/brama-core-${projectVersion}.jar")
assert core.isFile() : "not installed: $core"
def java = new File(System.getProperty("java.home"), "bin/java").path
def modulePath = new File(basedir, "target/jpms-app-1.0.jar").path + File.pathSeparator + core.path
def output = new File(basedir, "target/run.log")
def process = new ProcessBuilder(java, "--module-path", modulePath, "--module", "app.jpms/app.jpms.Ledger")
    .redirectErrorStream(true).redirectOutput(output).start()
if (!process.waitFor(60, TimeUnit.SECONDS)) {
  process.destroyForcibly()
  assert false : "the application did not end within 60 s"
}
def text = output.text
println text
assert process.exitValue() == 0 : "exit ${process.exitValue()}: $text"
assert text.contains("module app.jpms reads module io.brama; after 2 failures: OPEN, available: false")
