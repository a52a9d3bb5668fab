
package sc.fiji.cenet.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 digests as lower-case hex: of files a package lists (the model zoo's
 * {@code sha256} fields) and of the text that identifies a training run.
 */
public final class Sha256 {

	private Sha256() {}

	/** The digest of a file's bytes. */
	public static String of(final Path file) throws IOException {
		try (InputStream in = Files.newInputStream(file)) {
			return of(in);
		}
	}

	/** The digest of a stream, read to its end (not closed). */
	public static String of(final InputStream in) throws IOException {
		final MessageDigest md = digest();
		final byte[] buffer = new byte[1 << 16];
		final DigestInputStream d = new DigestInputStream(in, md);
		while (d.read(buffer) >= 0) {
			// digesting
		}
		return hex(md.digest());
	}

	/** The digest of a text's UTF-8 bytes. */
	public static String of(final String text) {
		return hex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
	}

	private static MessageDigest digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (final NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is missing from this Java", e);
		}
	}

	private static String hex(final byte[] bytes) {
		final StringBuilder sb = new StringBuilder(2 * bytes.length);
		for (final byte b : bytes)
			sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character
				.forDigit(b & 0xf, 16));
		return sb.toString();
	}
}
