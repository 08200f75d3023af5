/** A consumer of Brama as a named module. */
module app.jpms {
  requires io.brama;

  exports app.jpms;
}
