package io.memberlist.spring.discovery;

import io.memberlist.Node;
import io.memberlist.NodeState;
import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MemberlistServiceInstanceTests {

    @Test
    void json_likeAnyServiceInstance_whenAControllerReturnsIt() {
        InstanceMeta meta = new InstanceMeta("orders", "10.0.0.5", 8080, false, "eu-1", "UP", Map.of("weight", "3"));
        Node node = new Node("orders-1", Address.ipv4(10, 0, 0, 5, 7946), meta.encode(), NodeState.ALIVE, 1, null);
        JsonNode json = JsonMapper.builder().build().valueToTree(new MemberlistServiceInstance(node, meta));
        assertThat(json.get("instanceId").asString()).isEqualTo("orders-1");
        assertThat(json.get("uri").asString()).isEqualTo("http://10.0.0.5:8080");
        assertThat(json.get("metadata").get("zone").asString()).isEqualTo("eu-1");
    }
}
