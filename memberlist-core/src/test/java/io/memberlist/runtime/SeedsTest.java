package io.memberlist.runtime;

import io.memberlist.wire.Address;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeedsTest {

    @Test
    void resolve_everySeedForm_resolvesAndReportsWhatDoesNotParse() {
        byte[] v6Loopback = new byte[16];
        v6Loopback[15] = 1;
        List<String> errors = new ArrayList<>();
        List<Address> resolved = Seeds.resolve(List.of("127.0.0.1:7000", "[::1]:7001", "127.0.0.2",
                "n3/127.0.0.3:7003", "127.0.0.4:notaport", "127.0.0.1:7000", "[::1", "127.0.0.5:0"), 7946, errors);
        assertThat(resolved).containsExactly(Address.ipv4(127, 0, 0, 1, 7000), Address.of(v6Loopback, 7001),
                Address.ipv4(127, 0, 0, 2, 7946), Address.ipv4(127, 0, 0, 3, 7003));
        assertThat(errors).hasSize(3).anySatisfy(e -> assertThat(e).contains("notaport"));
    }
}
