package sc.fiji.cenet.spark;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

/** Command-line errors of {@code CENetSpark} exit 2 with one line, before a Spark context starts. */
public class CENetSparkCommandLineTest {

	private static String[] run(final int expectedStatus, final String... args) {
		final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
		final int status = CENetSpark.run(args, new PrintStream(out, true), new PrintStream(err, true));
		final String[] streams = { out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8) };
		assertEquals(streams[1], expectedStatus, status);
		return streams;
	}

	@Test
	public void missingKeysExitTwoNamingThem() {
		String err = run(2, "evaluate", "prediction_folder=/nowhere")[1];
		assertTrue(err, err.startsWith("CE-Net: truth_folder is not set"));
		err = run(2, "predict", "input=/nowhere")[1];
		assertTrue(err, err.startsWith("CE-Net: model_file, output_folder are not set"));
		err = run(2, "predict", "model_file=", "input=a", "output_folder=b")[1];
		assertTrue(err, err.startsWith("CE-Net: model_file is not set"));
	}

	@Test
	public void unknownVerbsAndKeysExitTwo() {
		assertTrue(run(2, "train")[1].contains("predict or evaluate"));
		assertTrue(run(2, "evaluate", "prediction_folder=a", "truth_folder=b", "colour=red")[1].contains("colour"));
	}
}
