package io.memberlist.spring.raft.statemachine;

import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Construction rules of the host, without servers. */
class StateMachineHostTest {

    @Test
    void aDuplicateMachineNameFailsAtConstructionNamingBothClasses() {
        assertThatThrownBy(() -> new StateMachineHost(List.of(new RegisterMachine("reg"), new RegisterMachine("reg"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two replicated state machines are named 'reg'")
                .hasMessageContaining(RegisterMachine.class.getName());
    }

    @Test
    void aBlankNameOrNoRoomForNotificationsFailsAtConstruction() {
        assertThatThrownBy(() -> new StateMachineHost(List.of(new RegisterMachine(" "))))
                .hasMessageContaining("has no name()");
        assertThatThrownBy(() -> new StateMachineHost(List.of(new RegisterMachine("reg")), 0, Clock.systemUTC()))
                .hasMessageContaining("notification capacity must be at least 1, was 0");
    }

    @Test
    void machinesAreListedByName() throws Exception {
        StateMachineHost host = new StateMachineHost(List.of(new RegisterMachine("b"), new RegisterMachine("a")));
        assertThat(host.machineNames()).containsExactly("a", "b");
        host.close();
    }
}
