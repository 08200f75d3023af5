package io.brama.spring;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.HttpRequestHandler;

/**
 * The dashboard on Spring MVC: mapped under the mount path, it hands each request to the {@link
 * io.brama.dashboard.MountedDashboard} through a {@link ServletExchange}. Requests reach it after the
 * application's servlet filters, Spring Security's included.
 */
final class ServletDashboardHandler implements HttpRequestHandler {
  private final DashboardMount mount;

  ServletDashboardHandler(DashboardMount mount) {
    this.mount = mount;
  }

  @Override
  public void handleRequest(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    // the request URI is still percent-encoded, as the dashboard expects
    String path = mount.relative(request.getRequestURI().substring(request.getContextPath().length()));
    if (path == null) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
    } else if (path.isEmpty()) {
      response.setStatus(308);
      response.setHeader("Location", mount.redirect(request.getQueryString()));
    } else {
      ServletExchange exchange = new ServletExchange(request, response, path);
      mount.dashboard().handle(exchange);
      exchange.ensureAnswered();
    }
  }
}
