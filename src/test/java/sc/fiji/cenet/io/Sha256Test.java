
package sc.fiji.cenet.io;

import static org.junit.Assert.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class Sha256Test {

	@Rule
	public TemporaryFolder tmp = new TemporaryFolder();

	/** FIPS 180-2's example "abc", the same from text, stream and file. */
	@Test
	public void knownDigestFromTextStreamAndFile() throws Exception {
		final String abc =
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
		assertEquals(abc, Sha256.of("abc"));
		assertEquals(abc, Sha256.of(new ByteArrayInputStream("abc".getBytes(
			StandardCharsets.UTF_8))));
		final Path file = tmp.newFile().toPath();
		Files.write(file, "abc".getBytes(StandardCharsets.UTF_8));
		assertEquals(abc, Sha256.of(file));
		assertEquals(
			"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256
				.of(""));
	}
}
