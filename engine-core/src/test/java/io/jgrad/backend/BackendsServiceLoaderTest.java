package io.jgrad.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jgrad.Device;
import io.jgrad.backend.cpu.CpuBackend;
import io.jgrad.backend.cpu.CpuBackendProvider;
import io.jgrad.backend.reference.RefBackend;
import io.jgrad.backend.reference.RefBackendProvider;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The CPU and reference backends are found through {@link ServiceLoader}, never imported. */
class BackendsServiceLoaderTest {

  @Test
  void bothProvidersAreRegisteredAsServices() {
    List<Class<?>> found =
        ServiceLoader.load(BackendProvider.class).stream()
            .map(ServiceLoader.Provider::type)
            .collect(Collectors.toList());
    assertTrue(found.contains(CpuBackendProvider.class), "services: " + found);
    assertTrue(found.contains(RefBackendProvider.class), "services: " + found);
  }

  @Test
  void providersDescribeThemselves() {
    BackendProvider cpu = new CpuBackendProvider();
    assertEquals("cpu", cpu.name());
    assertEquals(10, cpu.priority());
    assertTrue(cpu.isAvailable());
    assertEquals("", cpu.unavailableReason());
    BackendProvider ref = new RefBackendProvider();
    assertEquals("reference", ref.name());
    assertEquals(0, ref.priority());
    assertTrue(ref.isAvailable());
    assertEquals("", ref.unavailableReason());
    // Highest priority first: cpu comes before reference.
    List<String> names =
        Backends.providers().stream().map(BackendProvider::name).collect(Collectors.toList());
    assertTrue(names.indexOf("cpu") < names.indexOf("reference"), "providers: " + names);
  }

  @Test
  void getReturnsOneBackendPerDevice() {
    Backend cpu = Backends.get(Device.CPU);
    assertInstanceOf(CpuBackend.class, cpu);
    assertEquals(Device.CPU, cpu.device());
    assertSame(cpu, Backends.get(Device.of("CPU")));
    Backend ref = Backends.get(Device.REFERENCE);
    assertInstanceOf(RefBackend.class, ref);
    assertEquals(Device.REFERENCE, ref.device());
    assertTrue(Backends.isAvailable(Device.CPU));
    assertTrue(Backends.isAvailable(Device.REFERENCE));
  }

  @Test
  void unknownDeviceThrowsNamingIt() {
    var e = assertThrows(IllegalStateException.class, () -> Backends.get(new Device("nope")));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    assertTrue(!Backends.isAvailable(new Device("nope")));
  }
}
