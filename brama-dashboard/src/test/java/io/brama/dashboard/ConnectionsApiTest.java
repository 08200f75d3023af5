package io.brama.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.FailurePolicy;
import io.brama.Registration;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ConnectionsApiTest extends FixtureTest {
  private static final String TOKEN = "t0ken-for-tests";
  private static final String XSS = "<script>alert(1)</script> & 'quoted' \"double\"";

  @Test
  void listsEveryStatusAsJsonWithIsoInstants() {
    f = new Fixture();
    f.register("payment_api", "http", "payments");
    f.register("db", "jdbc", null);
    f.brama.failure("db", "slow");
    f.openByFailures("payment_api", new IOException("HTTP 503"));

    HttpResponse<String> response = f.api.get("api/connections");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValue("application/json; charset=utf-8");
    assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    JsonNode all = Api.json(response);
    assertThat(all.size()).isEqualTo(2);
    JsonNode db = all.get(0);
    assertThat(db.get("id").asString()).isEqualTo("db");
    assertThat(db.get("type").asString()).isEqualTo("jdbc");
    assertThat(db.get("scope").isNull()).isTrue();
    assertThat(db.get("state").asString()).isEqualTo("CLOSED");
    assertThat(db.get("failureCount").asInt()).isEqualTo(1);
    assertThat(db.get("maxAttempts").asInt()).isEqualTo(3);
    assertThat(db.get("openedAt").isNull()).isTrue();
    assertThat(db.get("lastFailureReason").asString()).isEqualTo("slow");
    assertThat(db.get("retryAfterMillis").asLong()).isZero();

    JsonNode pay = all.get(1);
    String now = f.clock.instant().toString();
    assertThat(pay.get("id").asString()).isEqualTo("payment_api");
    assertThat(pay.get("scope").asString()).isEqualTo("payments");
    assertThat(pay.get("state").asString()).isEqualTo("OPEN");
    assertThat(pay.get("failureCount").asInt()).isZero();
    assertThat(pay.get("consecutiveOpens").asInt()).isEqualTo(1);
    assertThat(pay.get("openedAt").asString()).isEqualTo(now);
    assertThat(pay.get("halfOpensAt").asString())
        .isEqualTo(f.clock.instant().plus(Fixture.EXPIRY).toString());
    assertThat(pay.get("lastFailureAt").asString()).isEqualTo(now);
    assertThat(pay.get("lastFailureReason").asString())
        .isEqualTo("java.io.IOException: HTTP 503");
    assertThat(pay.get("retryAfterMillis").asLong()).isEqualTo(30_000);
    assertThat(pay.get("activeTrials").asInt()).isZero();
    assertThat(pay.get("metadata").isObject()).isTrue();
    assertThat(pay.get("window").isNull()).isTrue();
  }

  @Test
  void aRatePolicyConnectionCarriesItsWindow() {
    f = new Fixture();
    f.brama.register("rated", Registration.builder()
        .config(ConnectionConfig.builder().failurePolicy(FailurePolicy.rate(50, 10, 5)).build())
        .build());
    f.brama.success("rated");
    f.brama.failure("rated", "boom");
    f.brama.success("rated");
    f.brama.success("rated");

    JsonNode status = Api.json(f.api.get("api/connections/rated"));

    assertThat(status.get("maxAttempts").asInt()).isZero();
    JsonNode window = status.get("window");
    assertThat(window.get("calls").asInt()).isEqualTo(4);
    assertThat(window.get("failures").asInt()).isEqualTo(1);
    assertThat(window.get("slowCalls").asInt()).isZero();
    assertThat(window.get("failureRatePercent").asDouble()).isEqualTo(25.0);
    assertThat(Api.json(f.api.get("api/connections")).get(0).get("window").isObject()).isTrue();
  }

  @Test
  void connectionSuppliedTextIsEscapedInJsonAndReadBackIntact() {
    f = new Fixture();
    String id = "<b>evil</b>";
    f.register(id, "<i>type</i>", "<scope>");
    f.brama.failure(id, XSS);

    HttpResponse<String> response = f.api.get("api/connections");

    assertThat(response.body()).doesNotContain("<", ">", "&", "'")
        .contains("\\u003Cscript\\u003E", "\\u0026", "\\u0027", "\\\"double\\\"");
    JsonNode status = Api.json(response).get(0);
    assertThat(status.get("id").asString()).isEqualTo(id);
    assertThat(status.get("type").asString()).isEqualTo("<i>type</i>");
    assertThat(status.get("scope").asString()).isEqualTo("<scope>");
    assertThat(status.get("lastFailureReason").asString()).isEqualTo(XSS);
  }

  @Test
  void oneStatusByPercentEncodedIdAnd404ForAnUnknownOne() {
    f = new Fixture();
    String odd = "a/b +c<d>é";
    f.register(odd, null, null);

    HttpResponse<String> found = f.api.get("api/connections/"
        + "a%2Fb%20%2Bc%3Cd%3E%C3%A9");
    assertThat(found.statusCode()).isEqualTo(200);
    assertThat(Api.json(found).get("id").asString()).isEqualTo(odd);

    HttpResponse<String> missing = f.api.get("api/connections/nope%3Cscript%3E");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).doesNotContain("<");
    assertThat(Api.json(missing).get("error").asString())
        .isEqualTo("unknown connection: nope<script>");
  }

  @Test
  void withoutATokenWritesAreForbidden() {
    f = new Fixture();
    f.register("api", null, null);

    HttpResponse<String> open = f.api.post("api/connections/api/open", null);
    HttpResponse<String> withHeader = f.api.post("api/connections/api/open", "anything");
    HttpResponse<String> reset = f.api.post("api/connections/api/reset", null);

    assertThat(open.statusCode()).isEqualTo(403);
    assertThat(withHeader.statusCode()).isEqualTo(403);
    assertThat(reset.statusCode()).isEqualTo(403);
    assertThat(Api.json(open).get("error").asString()).contains("disabled");
    assertThat(f.brama.status("api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(Api.json(f.api.get("api/settings")).get("writeEnabled").asBoolean()).isFalse();
  }

  @Test
  void withATokenWritesNeedTheBearerHeader() {
    f = new Fixture(DashboardConfig.builder().token(TOKEN).build());
    f.register("api", null, null);

    HttpResponse<String> none = f.api.post("api/connections/api/open", null);
    HttpResponse<String> wrong = f.api.post("api/connections/api/open", TOKEN + "x");
    HttpResponse<String> prefix = f.api.post("api/connections/api/open", "t0ken");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValue("Bearer realm=\"brama-dashboard\"");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(prefix.statusCode()).isEqualTo(401);
    assertThat(f.brama.status("api").state()).isEqualTo(CircuitState.CLOSED);

    HttpResponse<String> opened = f.api.post("api/connections/api/open", TOKEN);
    assertThat(opened.statusCode()).isEqualTo(200);
    assertThat(Api.json(opened).get("state").asString()).isEqualTo("OPEN");
    assertThat(f.brama.status("api").lastFailureReason()).isNull();

    HttpResponse<String> reset = f.api.post("api/connections/api/reset", TOKEN);
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(f.brama.status("api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(Api.json(f.api.get("api/settings")).get("writeEnabled").asBoolean()).isTrue();
  }

  @Test
  void anUnknownIdIs404OnlyForAnAuthorizedWrite() {
    f = new Fixture(DashboardConfig.builder().token(TOKEN).build());

    assertThat(f.api.post("api/connections/ghost/open", null).statusCode()).isEqualTo(401);
    assertThat(f.api.post("api/connections/ghost/open", TOKEN).statusCode()).isEqualTo(404);
    assertThat(f.api.post("api/connections/ghost/reset", TOKEN).statusCode()).isEqualTo(404);
  }

  @Test
  void wrongMethodsAndPathsAreRefused() {
    f = new Fixture(DashboardConfig.builder().token(TOKEN).build());
    f.register("api", null, null);

    HttpResponse<String> getOpen = f.api.get("api/connections/api/open");
    assertThat(getOpen.statusCode()).isEqualTo(405);
    assertThat(getOpen.headers().firstValue("Allow")).hasValue("POST");
    assertThat(f.api.post("api/connections", TOKEN).statusCode()).isEqualTo(405);
    assertThat(f.api.post("api/connections/api/close", TOKEN).statusCode()).isEqualTo(404);
    assertThat(f.api.get("api/connections/api/open/more").statusCode()).isEqualTo(404);
    assertThat(f.api.get("api/connections/").statusCode()).isEqualTo(404);
    assertThat(f.api.get("nothing-here").statusCode()).isEqualTo(404);
    assertThat(f.brama.status("api").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void servesThePageAndItsAssetsUnderAStrictContentSecurityPolicy() {
    f = new Fixture();

    HttpResponse<String> page = f.api.get("");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("script-src 'self'").doesNotContain("unsafe-inline");
    assertThat(page.body()).contains("<script src=\"dashboard.js\" defer></script>")
        .doesNotContain("http://", "https://");
    HttpResponse<String> script = f.api.get("dashboard.js");
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValue("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("textContent").doesNotContain("innerHTML");
    assertThat(f.api.get("dashboard.css").headers().firstValue("Content-Type"))
        .hasValue("text/css; charset=utf-8");
  }

  @Test
  void badPercentEncodingIs400() throws IOException {
    f = new Fixture();

    assertThat(RawHttp.get(f.dashboard.port(), "/api/connections/bad%zz", "127.0.0.1"))
        .startsWith("HTTP/1.1 400");
  }

  @Test
  void aForeignHostHeaderIsRefused() throws IOException {
    f = new Fixture();
    f.register("api", null, null);

    assertThat(RawHttp.get(f.dashboard.port(), "/api/connections", "evil.example:" + f.dashboard.port()))
        .startsWith("HTTP/1.1 421");
    assertThat(RawHttp.get(f.dashboard.port(), "/api/connections", "localhost:" + f.dashboard.port()))
        .startsWith("HTTP/1.1 200");
    assertThat(RawHttp.get(f.dashboard.port(), "/", "127.0.0.1")).startsWith("HTTP/1.1 200");
  }

  @Test
  void aClosedBramaGives503() {
    f = new Fixture();
    f.brama.close();

    HttpResponse<String> response = f.api.get("api/connections");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.body().getBytes(StandardCharsets.UTF_8)).isNotEmpty();
  }
}
