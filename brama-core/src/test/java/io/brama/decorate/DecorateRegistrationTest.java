package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.CircuitOpenException;
import io.brama.CircuitState;
import io.brama.ConnectionConfig;
import io.brama.ConnectionStatus;
import io.brama.Registration;
import io.brama.testing.ManualClock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rule D3: ids named by annotations are registered at decorate time, with merged type/scope. */
class DecorateRegistrationTest {
  private final ManualClock clock = new ManualClock();
  private Brama brama;

  @BeforeEach
  void setUp() {
    brama = Support.newBrama(clock);
  }

  @AfterEach
  void tearDown() {
    brama.close();
  }

  public interface Api {
    @CircuitBreaker(value = "http_api", type = "http")
    String a();

    @CircuitBreaker(identifier = "http_api", scope = "eu")
    String b();

    @CircuitBreaker(value = "http_api", type = "http")
    String c();

    @CircuitBreaker("bare_api")
    String d();

    String unannotated();
  }

  static class ApiImpl implements Api {
    @Override
    public String a() {
      return "a";
    }

    @Override
    public String b() {
      return "b";
    }

    @Override
    public String c() {
      return "c";
    }

    @Override
    public String d() {
      return "d";
    }

    @Override
    public String unannotated() {
      return "u";
    }
  }

  public interface TypeConflict {
    @CircuitBreaker(value = "shared", type = "http")
    String first();

    @CircuitBreaker(value = "shared", type = "grpc")
    String second();

    @CircuitBreaker(value = "innocent", type = "db")
    String third();
  }

  static class TypeConflictImpl implements TypeConflict {
    @Override
    public String first() {
      return "1";
    }

    @Override
    public String second() {
      return "2";
    }

    @Override
    public String third() {
      return "3";
    }
  }

  public interface ScopeConflict {
    @CircuitBreaker(value = "shared", scope = "eu")
    String first();

    @CircuitBreaker(identifier = "shared", scope = "us")
    String second();

    @CircuitBreaker(value = "innocent")
    String third();
  }

  static class ScopeConflictImpl implements ScopeConflict {
    @Override
    public String first() {
      return "1";
    }

    @Override
    public String second() {
      return "2";
    }

    @Override
    public String third() {
      return "3";
    }
  }

  @CircuitBreaker(value = "typed_api", type = "queue", scope = "internal")
  public interface TypeLevel {
    String x();

    String y();
  }

  @Test
  void idsAreRegisteredAtDecorateTimeBeforeAnyCall() {
    assertThat(brama.isRegistered("http_api")).isFalse();
    assertThat(brama.isRegistered("bare_api")).isFalse();

    brama.decorate(Api.class, new ApiImpl());

    assertThat(brama.isRegistered("http_api")).isTrue();
    assertThat(brama.isRegistered("bare_api")).isTrue();
    assertThat(brama.statuses()).extracting(ConnectionStatus::id)
        .containsExactly("bare_api", "http_api");
    assertThat(brama.status("http_api").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(brama.status("http_api").lastSuccessAt()).isNull();
  }

  @Test
  void typeAndScopeOfSeveralMethodsNamingOneIdAreMerged() {
    brama.decorate(Api.class, new ApiImpl());

    ConnectionStatus status = brama.status("http_api");
    assertThat(status.type()).isEqualTo("http");
    assertThat(status.scope()).isEqualTo("eu");
  }

  @Test
  void anIdWithoutTypeOrScopeIsRegisteredLikeAPlainRegister() {
    brama.register("plain");
    brama.decorate(Api.class, new ApiImpl());

    ConnectionStatus bare = brama.status("bare_api");
    ConnectionStatus plain = brama.status("plain");
    assertThat(bare.type()).isEqualTo(plain.type());
    assertThat(bare.scope()).isEqualTo(plain.scope());
    assertThat(bare.metadata()).isEqualTo(plain.metadata());
    assertThat(bare.maxAttempts()).isEqualTo(Support.MAX_ATTEMPTS);
  }

  @Test
  void typeLevelAnnotationRegistersItsTypeAndScope() {
    brama.decorate(TypeLevel.class, new TypeLevel() {
      @Override
      public String x() {
        return "x";
      }

      @Override
      public String y() {
        return "y";
      }
    });

    ConnectionStatus status = brama.status("typed_api");
    assertThat(status.type()).isEqualTo("queue");
    assertThat(status.scope()).isEqualTo("internal");
  }

  @Test
  void methodsNamingOneIdShareOneCircuit() {
    Api api = brama.decorate(Api.class, new ApiImpl());
    brama.open("http_api");

    assertThatThrownBy(api::a).isInstanceOf(CircuitOpenException.class);
    assertThatThrownBy(api::b).isInstanceOf(CircuitOpenException.class);
    assertThatThrownBy(api::c).isInstanceOf(CircuitOpenException.class);
    assertThat(api.d()).isEqualTo("d");
  }

  @Test
  void conflictingTypesAreAnIllegalArgumentExceptionAndNothingIsRegistered() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> brama.decorate(TypeConflict.class, new TypeConflictImpl()))
        .withMessageContaining(TypeConflict.class.getName())
        .withMessageContaining("shared")
        .withMessageContaining("http")
        .withMessageContaining("grpc")
        .withMessageContaining("first(")
        .withMessageContaining("second(");

    assertThat(brama.statuses()).isEmpty();
  }

  @Test
  void conflictingScopesAreAnIllegalArgumentExceptionAndNothingIsRegistered() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> brama.decorate(ScopeConflict.class, new ScopeConflictImpl()))
        .withMessageContaining(ScopeConflict.class.getName())
        .withMessageContaining("shared")
        .withMessageContaining("eu")
        .withMessageContaining("us")
        .withMessageContaining("first(")
        .withMessageContaining("second(");

    assertThat(brama.statuses()).isEmpty();
  }

  @Test
  void alreadyRegisteredIdKeepsItsRegistrationAndConfig() {
    brama.register("http_api", Registration.builder().type("soap").scope("global")
        .metadata(Map.of("owner", "team-a"))
        .config(ConnectionConfig.builder().maxAttempts(5).build()).build());

    brama.decorate(Api.class, new ApiImpl());

    ConnectionStatus status = brama.status("http_api");
    assertThat(status.type()).isEqualTo("soap");
    assertThat(status.scope()).isEqualTo("global");
    assertThat(status.metadata()).containsExactly(Map.entry("owner", "team-a"));
    assertThat(status.maxAttempts()).isEqualTo(5);
  }

  @Test
  void alreadyRegisteredIdKeepsItsState() {
    brama.register("http_api");
    brama.open("http_api");
    ConnectionStatus before = brama.status("http_api");

    Api api = brama.decorate(Api.class, new ApiImpl());

    assertThat(brama.status("http_api")).isEqualTo(before);
    assertThatThrownBy(api::a).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void decoratingTwiceSharesTheCircuit() {
    Api first = brama.decorate(Api.class, new ApiImpl());
    ConnectionStatus before = brama.status("http_api");
    Api second = brama.decorate(Api.class, new ApiImpl());

    assertThat(brama.status("http_api")).isEqualTo(before);
    brama.open("http_api");
    assertThatThrownBy(first::a).isInstanceOf(CircuitOpenException.class);
    assertThatThrownBy(second::a).isInstanceOf(CircuitOpenException.class);
  }
}
