// The build failed (invoker.properties); it must have failed for the right reason.
def log = new File(basedir, "build.log").text
assert log.contains("package io.brama.internal is not visible") : "no visibility error in build.log"
assert log.contains("package io.brama.internal is declared in module io.brama, which does not export it")
assert log.contains("COMPILATION ERROR")
