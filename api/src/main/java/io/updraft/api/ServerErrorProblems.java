package io.updraft.api;

import io.javalin.http.HttpStatus;
import io.updraft.core.json.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that the web server answers before any route sees the request (an encoded NUL or an
 * ambiguous segment in a path, say) as the same {@code application/problem+json} bodies the routes
 * write, instead of the server's own HTML page.
 */
final class ServerErrorProblems extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    HttpStatus status = HttpStatus.forStatus(code);
    String title = status == HttpStatus.UNKNOWN ? "Error" : status.getMessage();
    String detail =
        "The request was refused before it reached Updraft"
            + (message == null || message.isBlank() ? "" : ": " + message)
            + ". Check the URL for characters it may not hold, such as an encoded NUL (%00).";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problems.CONTENT_TYPE);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    byte[] body =
        Json.write(new Problems.Problem("about:blank", title, code, detail))
            .getBytes(StandardCharsets.UTF_8);
    response.write(true, ByteBuffer.wrap(body), callback);
  }
}
