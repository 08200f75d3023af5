package io.brama.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.brama.Brama;
import io.brama.CircuitBreaker;
import io.brama.ErrorHandler;
import io.brama.Outcome;
import io.brama.testing.ManualClock;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Rule D6 (and the decorate-time halves of Rules D4 and D5): every misconfiguration is an
 * IllegalArgumentException at decorate time naming the interface, the method and what is wrong;
 * nothing is registered then.
 */
class DecorateValidationTest {
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

  /**
   * Decorating fails with a message naming {@code contract} and {@code method}; afterwards no id is
   * registered (each fixture also has a valid method naming "good_id").
   */
  private <T> ThrowableAssertAlternative<IllegalArgumentException> rejects(Class<T> contract,
      T target, String method) {
    ThrowableAssertAlternative<IllegalArgumentException> a = assertThatIllegalArgumentException()
        .isThrownBy(() -> brama.decorate(contract, target))
        .withMessageContaining(contract.getName())
        .withMessageContaining(method + "(");
    assertThat(brama.isRegistered("good_id")).as("registered despite failing validation").isFalse();
    assertThat(brama.statuses()).isEmpty();
    return a;
  }

  // ---- the contract ----

  public abstract static class NotAnInterface {
    @CircuitBreaker("good_id")
    public abstract String get();
  }

  @Test
  void contractThatIsAClassIsRejected() {
    NotAnInterface target = new NotAnInterface() {
      @Override
      public String get() {
        return "x";
      }
    };
    assertThatIllegalArgumentException()
        .isThrownBy(() -> brama.decorate(NotAnInterface.class, target))
        .withMessageContaining(NotAnInterface.class.getName())
        .withMessageContaining("interface");
    assertThat(brama.statuses()).isEmpty();
  }

  public interface Simple {
    @CircuitBreaker("good_id")
    String get();
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void targetThatDoesNotImplementTheContractIsRejected() {
    Class raw = Simple.class;
    Object target = new Object() {
      @SuppressWarnings("unused")
      public String get() {
        return "looks right";
      }
    };
    assertThatIllegalArgumentException()
        .isThrownBy(() -> brama.decorate(raw, target))
        .withMessageContaining(Simple.class.getName())
        .withMessageContaining(target.getClass().getName());
    assertThat(brama.statuses()).isEmpty();
  }

  // ---- value / identifier ----

  public interface BothSet {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "a", identifier = "b")
    String both(String s);
  }

  public interface SameInBoth {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "a", identifier = "a")
    String both(String s);
  }

  public interface NeitherSet {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(type = "http")
    String neither(String s);
  }

  @CircuitBreaker
  public interface NeitherOnType {
    String first();
  }

  static class Impl implements BothSet, SameInBoth, NeitherSet, NeitherOnType {
    @Override
    public String good() {
      return "good";
    }

    @Override
    public String both(String s) {
      return s;
    }

    @Override
    public String neither(String s) {
      return s;
    }

    @Override
    public String first() {
      return "first";
    }
  }

  @Test
  void bothValueAndIdentifierIsRejected() {
    rejects(BothSet.class, new Impl(), "both")
        .withMessageContaining("value")
        .withMessageContaining("identifier");
  }

  @Test
  void bothValueAndIdentifierIsRejectedEvenWhenEqual() {
    rejects(SameInBoth.class, new Impl(), "both")
        .withMessageContaining("value")
        .withMessageContaining("identifier");
  }

  @Test
  void neitherValueNorIdentifierIsRejected() {
    rejects(NeitherSet.class, new Impl(), "neither")
        .withMessageContaining("value")
        .withMessageContaining("identifier");
  }

  @Test
  void typeLevelAnnotationWithoutIdIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> brama.decorate(NeitherOnType.class, new Impl()))
        .withMessageContaining(NeitherOnType.class.getName())
        .withMessageContaining("first(")
        .withMessageContaining("identifier");
    assertThat(brama.statuses()).isEmpty();
  }

  // ---- error handlers ----

  public static class NoDefaultConstructor implements ErrorHandler {
    public NoDefaultConstructor(String config) {}

    @Override
    public Outcome classify(Object result, Throwable error) {
      return Outcome.success();
    }
  }

  public abstract static class AbstractHandler implements ErrorHandler {
    public AbstractHandler() {}
  }

  public interface InterfaceHandler extends ErrorHandler {}

  /** Not static: needs an enclosing DecorateValidationTest to be created. */
  public class InnerHandler implements ErrorHandler {
    public InnerHandler() {}

    @Override
    public Outcome classify(Object result, Throwable error) {
      return Outcome.success();
    }
  }

  public static class ThrowingHandler implements ErrorHandler {
    static final IllegalStateException BOOM = new IllegalStateException("handler ctor boom");

    public ThrowingHandler() {
      throw BOOM;
    }

    @Override
    public Outcome classify(Object result, Throwable error) {
      return Outcome.success();
    }
  }

  public interface NoCtorHandlerApi {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "h", errorHandler = NoDefaultConstructor.class)
    String handled(String s);
  }

  public interface AbstractHandlerApi {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "h", errorHandler = AbstractHandler.class)
    String handled(String s);
  }

  public interface InterfaceHandlerApi {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "h", errorHandler = InterfaceHandler.class)
    String handled(String s);
  }

  public interface InnerHandlerApi {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "h", errorHandler = InnerHandler.class)
    String handled(String s);
  }

  public interface ThrowingHandlerApi {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "h", errorHandler = ThrowingHandler.class)
    String handled(String s);
  }

  static class HandlerImpl implements NoCtorHandlerApi, AbstractHandlerApi, InterfaceHandlerApi,
      InnerHandlerApi, ThrowingHandlerApi {
    @Override
    public String good() {
      return "good";
    }

    @Override
    public String handled(String s) {
      return s;
    }
  }

  @Test
  void errorHandlerWithoutNoArgConstructorIsRejected() {
    rejects(NoCtorHandlerApi.class, new HandlerImpl(), "handled")
        .withMessageContaining(NoDefaultConstructor.class.getName())
        .withMessageContaining("constructor");
  }

  @Test
  void abstractErrorHandlerIsRejected() {
    rejects(AbstractHandlerApi.class, new HandlerImpl(), "handled")
        .withMessageContaining(AbstractHandler.class.getName())
        .withMessageContaining("abstract");
  }

  @Test
  void interfaceErrorHandlerIsRejected() {
    rejects(InterfaceHandlerApi.class, new HandlerImpl(), "handled")
        .withMessageContaining(InterfaceHandler.class.getName())
        .withMessageContaining("interface");
  }

  @Test
  void innerClassErrorHandlerIsRejectedSayingItIsAnInnerClass() {
    rejects(InnerHandlerApi.class, new HandlerImpl(), "handled")
        .withMessageContaining(InnerHandler.class.getName())
        .withMessageContaining("inner class");
  }

  @Test
  void errorHandlerWhoseConstructorThrowsIsRejectedWithTheCause() {
    rejects(ThrowingHandlerApi.class, new HandlerImpl(), "handled")
        .withMessageContaining(ThrowingHandler.class.getName())
        .withMessageContaining("handler ctor boom")
        .withCause(ThrowingHandler.BOOM);
  }

  // ---- fallbacks ----

  public interface MissingFallback {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "noSuchMethod")
    String lookup(String key);
  }

  public interface WrongArity {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "twoExtra")
    String lookup(String key);
  }

  public interface WrongParameterType {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "takesInteger")
    String lookup(String key);
  }

  public interface NarrowerParameterType {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "takesString")
    String lookup(CharSequence key);
  }

  public interface WrongReturnType {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "returnsInteger")
    String lookup(String key);
  }

  public interface VoidFallbackForValue {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "returnsNothing")
    String lookup(String key);
  }

  public interface BadTrailingString {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "trailingString")
    String lookup(String key);
  }

  public interface BadTrailingIoException {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "trailingIo")
    String lookup(String key);
  }

  public interface UndeclaredChecked {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "throwsIo")
    String lookup(String key);
  }

  public interface UndeclaredCheckedNarrower {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "throwsException")
    String lookup(String key) throws IOException;
  }

  public interface AsyncWrongElement {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "returnsInteger")
    CompletableFuture<String> lookup(String key);
  }

  public interface AsyncVoidFallback {
    @CircuitBreaker("good_id")
    String good();

    @CircuitBreaker(value = "f", fallback = "returnsNothing")
    CompletionStage<String> lookup(String key);
  }

  /** Valid counterparts: must decorate fine. */
  public interface DeclaredChecked {
    @CircuitBreaker(value = "f", fallback = "throwsIo")
    String lookup(String key) throws Exception;

    @CircuitBreaker(value = "f", fallback = "takesString")
    String widerFallbackParameter(String key);

    @CircuitBreaker(value = "f", fallback = "trailingException")
    String trailingException(String key);

    @CircuitBreaker(value = "f", fallback = "returnsString")
    CharSequence narrowerReturn(String key);
  }

  static class FallbackImpl implements MissingFallback, WrongArity, WrongParameterType,
      NarrowerParameterType, WrongReturnType, VoidFallbackForValue, BadTrailingString,
      BadTrailingIoException, UndeclaredChecked, UndeclaredCheckedNarrower {
    @Override
    public String good() {
      return "good";
    }

    @Override
    public String lookup(String key) {
      return key;
    }

    @Override
    public String lookup(CharSequence key) {
      return key.toString();
    }

    public String twoExtra(String key, Throwable t, int more) {
      return "x";
    }

    public String takesInteger(Integer key) {
      return "x";
    }

    public String takesString(String key) {
      return "x";
    }

    public Integer returnsInteger(String key) {
      return 1;
    }

    public void returnsNothing(String key) {}

    public String returnsString(String key) {
      return "x";
    }

    public String trailingString(String key, String extra) {
      return "x";
    }

    public String trailingIo(String key, IOException e) {
      return "x";
    }

    public String trailingException(String key, Exception e) {
      return "x";
    }

    public String throwsIo(String key) throws IOException {
      return "x";
    }

    public String throwsException(String key) throws Exception {
      return "x";
    }
  }

  static class AsyncFallbackImpl implements AsyncWrongElement {
    @Override
    public String good() {
      return "good";
    }

    @Override
    public CompletableFuture<String> lookup(String key) {
      return CompletableFuture.completedFuture(key);
    }

    public Integer returnsInteger(String key) {
      return 1;
    }
  }

  static class AsyncVoidImpl implements AsyncVoidFallback {
    @Override
    public String good() {
      return "good";
    }

    @Override
    public CompletionStage<String> lookup(String key) {
      return CompletableFuture.completedFuture(key);
    }

    public void returnsNothing(String key) {}
  }

  static class DeclaredCheckedImpl implements DeclaredChecked {
    @Override
    public String lookup(String key) {
      return key;
    }

    @Override
    public String widerFallbackParameter(String key) {
      return key;
    }

    @Override
    public String trailingException(String key) {
      return key;
    }

    @Override
    public CharSequence narrowerReturn(String key) {
      return key;
    }

    public String throwsIo(String key) throws IOException {
      return "x";
    }

    public String takesString(Object key) {
      return "x";
    }

    public String trailingException(String key, Exception e) {
      return "x";
    }

    public String returnsString(String key) {
      return "x";
    }
  }

  @Test
  void missingFallbackIsRejected() {
    rejects(MissingFallback.class, new FallbackImpl(), "lookup")
        .withMessageContaining("noSuchMethod")
        .withMessageContaining(FallbackImpl.class.getName());
  }

  @Test
  void fallbackWithWrongNumberOfParametersIsRejected() {
    rejects(WrongArity.class, new FallbackImpl(), "lookup")
        .withMessageContaining("twoExtra")
        .withMessageContaining("parameters");
  }

  @Test
  void fallbackWithWrongParameterTypeIsRejected() {
    rejects(WrongParameterType.class, new FallbackImpl(), "lookup")
        .withMessageContaining("takesInteger")
        .withMessageContaining("java.lang.Integer");
  }

  @Test
  void fallbackWhoseParameterCannotTakeTheMethodsArgumentIsRejected() {
    rejects(NarrowerParameterType.class, new FallbackImpl(), "lookup")
        .withMessageContaining("takesString")
        .withMessageContaining("java.lang.CharSequence");
  }

  @Test
  void fallbackWithWrongReturnTypeIsRejected() {
    rejects(WrongReturnType.class, new FallbackImpl(), "lookup")
        .withMessageContaining("returnsInteger")
        .withMessageContaining("java.lang.Integer");
  }

  @Test
  void voidFallbackForAValueMethodIsRejected() {
    rejects(VoidFallbackForValue.class, new FallbackImpl(), "lookup")
        .withMessageContaining("returnsNothing")
        .withMessageContaining("void");
  }

  @Test
  void fallbackWithATrailingParameterThatIsNotAThrowableIsRejected() {
    rejects(BadTrailingString.class, new FallbackImpl(), "lookup")
        .withMessageContaining("trailingString")
        .withMessageContaining("CircuitOpenException");
  }

  @Test
  void fallbackWithATrailingParameterThatCannotReceiveCircuitOpenExceptionIsRejected() {
    rejects(BadTrailingIoException.class, new FallbackImpl(), "lookup")
        .withMessageContaining("trailingIo")
        .withMessageContaining("java.io.IOException")
        .withMessageContaining("CircuitOpenException");
  }

  @Test
  void fallbackDeclaringACheckedExceptionTheMethodDoesNotDeclareIsRejected() {
    rejects(UndeclaredChecked.class, new FallbackImpl(), "lookup")
        .withMessageContaining("throwsIo")
        .withMessageContaining("java.io.IOException");
  }

  @Test
  void fallbackDeclaringABroaderCheckedExceptionThanTheMethodIsRejected() {
    rejects(UndeclaredCheckedNarrower.class, new FallbackImpl(), "lookup")
        .withMessageContaining("throwsException")
        .withMessageContaining("java.lang.Exception");
  }

  @Test
  void asyncFallbackReturningAValueOfTheWrongTypeIsRejected() {
    rejects(AsyncWrongElement.class, new AsyncFallbackImpl(), "lookup")
        .withMessageContaining("returnsInteger")
        .withMessageContaining("java.lang.Integer");
  }

  @Test
  void asyncFallbackReturningVoidIsRejected() {
    rejects(AsyncVoidFallback.class, new AsyncVoidImpl(), "lookup")
        .withMessageContaining("returnsNothing")
        .withMessageContaining("void");
  }

  @Test
  void validFallbackShapesAreAccepted() {
    DeclaredChecked proxy = brama.decorate(DeclaredChecked.class, new DeclaredCheckedImpl());

    assertThat(proxy).isNotNull();
    assertThat(brama.isRegistered("f")).isTrue();
  }
}
