package io.updraft.api;

/** Sends a browser elsewhere (to the login page, say) instead of serving the page it asked for. */
final class UiRedirect extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UiRedirect(String location) {
    super(location, null, false, false);
  }

  String location() {
    return getMessage();
  }
}
