package io.jgrad.nn.io;

import io.jgrad.nn.IncompatibleKeys;
import io.jgrad.nn.Module;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saving and loading a module's state dict as a safetensors file, with PyTorch's key names, so a
 * file written here loads into the same PyTorch model with {@code safetensors.torch.load_file} (and
 * back).
 */
public final class StateDicts {
  private StateDicts() {}

  /** Writes {@code module.stateDict()} to {@code file} atomically. */
  public static void save(Module module, Path file) throws IOException {
    Safetensors.write(file, module.stateDict(), Map.of());
  }

  /** Writes {@code module.stateDict()} with {@code metadata} to {@code file} atomically. */
  public static void save(Module module, Path file, Map<String, String> metadata)
      throws IOException {
    Safetensors.write(file, module.stateDict(), metadata);
  }

  /** Loads {@code file} into {@code module} strictly (see {@link Module#loadStateDict(Map)}). */
  public static void load(Module module, Path file) throws IOException {
    module.loadStateDict(Safetensors.read(file));
  }

  /** Loads {@code file} into {@code module}; non-strict returns the unmatched keys. */
  public static IncompatibleKeys load(Module module, Path file, boolean strict) throws IOException {
    return module.loadStateDict(Safetensors.read(file), strict);
  }
}
