
package sc.fiji.cenet.reliability;

import java.nio.file.Paths;

import sc.fiji.cenet.io.AtomicFiles;

/**
 * Child JVM of {@link KillTest}: writes {@code args[0]} over and over, each
 * version 8 MB of one byte value followed by that value again, so that a reader
 * can tell a complete file from a torn one; prints "wrote" after each.
 */
public final class ModelWriter {

	public static final int SIZE = 8 << 20;

	public static void main(final String[] args) throws Exception {
		final byte[] data = new byte[SIZE];
		for (int version = 1;; version++) {
			java.util.Arrays.fill(data, (byte) version);
			AtomicFiles.write(Paths.get(args[0]), out -> {
				for (int i = 0; i < data.length; i += 1 << 16)
					out.write(data, i, 1 << 16);
			});
			System.out.println("wrote " + version);
			System.out.flush();
		}
	}
}
