module app.sneaky {
  requires io.brama;
}
