package io.updraft.api;

import static io.updraft.api.ApiClient.json;
import static io.updraft.api.SecurityTest.csrfOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.updraft.core.auth.Passwords;
import io.updraft.core.auth.Role;
import io.updraft.core.auth.SignInThrottle;
import io.updraft.core.auth.UserAccounts;
import io.updraft.testing.PostgresExtension;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Password guessing over real HTTP: basic auth and the sign-in form. */
@ExtendWith(PostgresExtension.class)
class SignInThrottlingTest {
  private TestApi api;

  @AfterEach
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private TestApi start(Passwords passwords, SignInThrottle throttle, int concurrentChecks) {
    api = TestApi.connect();
    api.withAccounts(
            new UserAccounts(api.users, passwords, Clock.systemUTC(), throttle, concurrentChecks))
        .start();
    return api;
  }

  private TestApi startStandard() {
    return start(new Passwords(1_000), SignInThrottle.standard(Clock.systemUTC()), 1);
  }

  @Test
  void after_five_wrong_passwords_even_the_right_one_gets_429_with_retry_after() {
    startStandard();
    String password = api.user("ada", Role.VIEWER);
    for (int i = 0; i < 5; i++) {
      assertThat(
              ApiClient.basic(api.server(), "ada", "guess-" + i).get("/api/v1/dags").statusCode())
          .isEqualTo(401);
    }

    HttpResponse<String> refused =
        ApiClient.basic(api.server(), "ada", password).get("/api/v1/dags");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 30L);
    assertThat(json(refused).get("detail").asText())
        .contains("Too many failed sign-ins", "Retry in", "per user and per client address");
  }

  @Test
  void an_unknown_user_is_throttled_exactly_like_a_known_one() {
    startStandard();
    api.user("ada", Role.VIEWER);
    List<String> answers = new ArrayList<>();
    for (String user : List.of("ada", "nobody-here")) {
      for (int i = 0; i < 6; i++) {
        HttpResponse<String> r =
            ApiClient.basic(api.server(), user, "guess-" + i).get("/api/v1/dags");
        answers.add(
            r.statusCode()
                + " "
                + (r.statusCode() == 401
                    ? ""
                    : json(r).get("detail").asText().replaceAll("\\d+ s", "N s")));
      }
    }
    assertThat(answers.subList(0, 6)).isEqualTo(answers.subList(6, 12));
    assertThat(answers.get(5)).startsWith("429");
  }

  @Test
  void many_usernames_from_one_address_are_throttled_too() {
    startStandard();
    int refused = 0;
    for (int i = 0; i < 25; i++) {
      if (ApiClient.basic(api.server(), "user" + i, "guess").get("/api/v1/dags").statusCode()
          == 429) {
        refused++;
      }
    }
    // Twenty failures per address, one guess per username: every later guess is refused.
    assertThat(refused).isEqualTo(5);
  }

  @Test
  void the_sign_in_form_is_throttled_the_same_way() {
    startStandard();
    String password = api.user("ada", Role.VIEWER);
    ApiClient browser = ApiClient.browser(api.server());
    for (int i = 0; i < 5; i++) {
      assertThat(SecurityTest.signIn(browser, "ada", "guess-" + i, "/").statusCode())
          .isEqualTo(401);
    }

    HttpResponse<String> refused = SecurityTest.signIn(browser, "ada", password, "/");

    assertThat(refused.statusCode()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(refused.body()).contains("Too many failed sign-ins");
    assertThat(csrfOf(refused.body())).isNotEmpty();
  }

  @Test
  void a_refused_guess_is_answered_without_hashing_its_password() {
    // A deliberately slow hash, so that hashing or not shows in the time taken.
    start(new Passwords(2_000_000), new SignInThrottle(Clock.systemUTC(), 1, 100), 1);
    api.user("ada", Role.VIEWER);
    long started = System.nanoTime();
    assertThat(ApiClient.basic(api.server(), "ada", "guess").get("/api/v1/dags").statusCode())
        .isEqualTo(401);
    Duration hashed = Duration.ofNanos(System.nanoTime() - started);

    started = System.nanoTime();
    assertThat(ApiClient.basic(api.server(), "ada", "guess2").get("/api/v1/dags").statusCode())
        .isEqualTo(429);
    Duration refused = Duration.ofNanos(System.nanoTime() - started);

    assertThat(refused).isLessThan(hashed.dividedBy(4));
  }

  @Test
  void parallel_wrong_passwords_are_checked_one_at_a_time_and_signed_in_requests_stay_fast()
      throws Exception {
    start(new Passwords(1_000_000), new SignInThrottle(Clock.systemUTC(), 1_000, 1_000), 1);
    api.user("ada", Role.VIEWER);
    String token = api.accounts.mintToken("ada", Duration.ofDays(1));
    ApiClient signedIn = ApiClient.bearer(api.server(), token);
    List<Integer> statuses = new ArrayList<>();
    List<Duration> signedInTimes = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
      List<Future<HttpResponse<String>>> guesses = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        String user = "guess" + i;
        guesses.add(
            pool.submit(() -> ApiClient.basic(api.server(), user, "wrong").get("/api/v1/dags")));
      }
      // Ten signed-in requests spread over the second the guesses take.
      await()
          .pollInterval(Duration.ofMillis(100))
          .atMost(Duration.ofSeconds(10))
          .until(
              () -> {
                long started = System.nanoTime();
                assertThat(signedIn.get("/api/v1/version").statusCode()).isEqualTo(200);
                signedInTimes.add(Duration.ofNanos(System.nanoTime() - started));
                return signedInTimes.size() == 10;
              });
      for (Future<HttpResponse<String>> g : guesses) {
        HttpResponse<String> r = g.get();
        statuses.add(r.statusCode());
        if (r.statusCode() == 429) {
          assertThat(r.headers().firstValue("Retry-After")).contains("1");
          assertThat(json(r).get("detail").asText()).contains("being checked at once");
        }
      }
    }
    assertThat(statuses).containsOnly(401, 429).contains(429);
    assertThat(signedInTimes.stream().max(Duration::compareTo).orElseThrow())
        .isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void a_successful_sign_in_is_not_slowed_by_earlier_successes() {
    startStandard();
    String password = api.user("ada", Role.VIEWER);
    for (int i = 0; i < 10; i++) {
      assertThat(ApiClient.basic(api.server(), "ada", password).get("/api/v1/dags").statusCode())
          .isEqualTo(200);
    }
    assertThat(
            ApiClient.basic(api.server(), "ada", password)
                .send("GET", "/api/v1/dags", null, "", Map.of())
                .statusCode())
        .isEqualTo(200);
  }
}
