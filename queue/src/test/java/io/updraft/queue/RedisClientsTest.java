package io.updraft.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.testing.RedisExtension;
import java.lang.management.ManagementFactory;
import java.util.Set;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.RedisClient;

@ExtendWith(RedisExtension.class)
class RedisClientsTest {
  @Test
  void a_url_with_password_and_database_is_parsed() {
    RedisAddress address = RedisAddress.parse("redis://:s3cr%40t@redis.example:6380/2");

    assertThat(address).isEqualTo(new RedisAddress("redis.example", 6380, null, "s3cr@t", 2));
    assertThat(address.toString()).isEqualTo("redis://:***@redis.example:6380/2");
  }

  @Test
  void port_and_database_have_defaults_and_a_user_is_kept() {
    assertThat(RedisAddress.parse("redis://localhost"))
        .isEqualTo(new RedisAddress("localhost", 6379, null, null, 0));
    assertThat(RedisAddress.parse("redis://app:pw@10.0.0.5:7000/"))
        .isEqualTo(new RedisAddress("10.0.0.5", 7000, "app", "pw", 0));
  }

  @Test
  void a_malformed_url_is_named_in_the_error_without_its_password() {
    assertThatThrownBy(() -> RedisClients.create("http://:hunter2@host:6379"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http://***@host:6379")
        .hasMessageContaining("scheme")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisClients.create("redis://:hunter2@host:6379/zero"))
        .hasMessageContaining("database number")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisClients.create("redis://:hunter2@ho st:6379"))
        .hasMessageContaining("redis://***@ho st:6379")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisClients.create("redis://:hun@ter2@host:6379"))
        .hasMessageNotContaining("ter2");
    assertThatThrownBy(() -> RedisClients.create("redis://hunter2@host:6379"))
        .hasMessageContaining("after a colon")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> RedisClients.create(" "))
        .hasMessageContaining("redis://[:password@]host:port[/db]");
  }

  @Test
  void a_client_for_the_test_redis_answers_ping() {
    try (RedisClient client = RedisClients.create(RedisExtension.url())) {
      assertThat(client.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void a_client_registers_no_pool_mbean() throws Exception {
    // The test server's own client may have registered one before: only a new one counts.
    Set<ObjectName> before = poolMBeans();
    try (RedisClient client = RedisClients.create(RedisExtension.url(), "no-mbean")) {
      assertThat(client.ping()).isEqualTo("PONG");
      assertThat(poolMBeans()).isEqualTo(before);
    }
  }

  private static Set<ObjectName> poolMBeans() throws MalformedObjectNameException {
    return ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("org.apache.commons.pool2:*"), null);
  }
}
