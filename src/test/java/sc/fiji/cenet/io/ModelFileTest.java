
package sc.fiji.cenet.io;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static sc.fiji.cenet.io.TestTensors.zip;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.ClassRule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;

public class ModelFileTest {

	@ClassRule
	public static TemporaryFolder tmp = new TemporaryFolder();

	private static final CENetConfig GRAY_2 = new CENetConfig(1, 2);
	private static TrainedModel model;
	private static Path saved;

	@BeforeClass
	public static void saveOneModel() throws IOException {
		StateDict weights = TestTensors.renamed(TestTensors.randomCENet(GRAY_2, 11),
			k -> k);
		float[] w = weights.get("decoder3.deconv2.weight").data().clone();
		weights.put("decoder3.deconv2.weight", weights.get(
			"decoder3.deconv2.weight").shape(), w);
		w[0] = -Float.MAX_VALUE;
		w[1] = -0f;
		w[2] = Float.MIN_VALUE;
		Properties metadata = new Properties();
		metadata.setProperty("normalization.kind", "percentile");
		metadata.setProperty("pixel_unit", "\u00b5m = \"micron\"\nsecond line");
		metadata.setProperty(TrainedModel.TRAINING_SIZE, "384");
		metadata.setProperty(TrainedModel.CLASS_NAMES, "cell, nucleus");
		TrainingHistory history = new TrainingHistory();
		history.add(new TrainingHistory.Epoch(1, 0.7, 0.6, 0.5, Double.NaN, 2e-4,
			30));
		history.add(new TrainingHistory.Epoch(2, 0.5, 0.4, 0.6, 0.9, 2e-4, 29.5));
		model = new TrainedModel(GRAY_2, weights, metadata, history);
		saved = tmp.getRoot().toPath().resolve("models/nuclei" +
			ModelFile.EXTENSION);
		ModelFile.save(saved, model);
	}

	@AfterClass
	public static void release() {
		model = null;
	}

	@Test
	public void roundTripIsBitIdentical() throws IOException {
		TrainedModel loaded = ModelFile.load(saved);
		assertEquals(GRAY_2, loaded.config());
		TestTensors.assertBitIdentical(model.weights(), loaded.weights());
		assertEquals(model.history(), loaded.history());
		Properties expected = model.metadata();
		expected.setProperty("software_version", "dev");
		assertEquals(expected, loaded.metadata());
		assertEquals(384, loaded.trainingSize());
		assertEquals(List.of("cell", "nucleus"), loaded.classNames());
		assertEquals("RGB", loaded.channelOrder());
	}

	/**
	 * Reading weights into reused arrays (how a model opens in TF) gives every
	 * weight bit for bit; a large weight takes the array of the previous one of
	 * its length, a small one a new one.
	 */
	@Test
	public void weightsInReusedArraysAreTheWeights() throws IOException {
		try (ModelFile.WeightReader r = ModelFile.openWeights(saved)) {
			java.util.function.Function<String, StateDict.Entry> reused = r
				.weightsInReusedArrays();
			java.util.Map<Integer, float[]> lastOfLength = new java.util.HashMap<>();
			int sharedLarge = 0;
			for (String name : model.weights().names()) {
				float[] expected = model.weights().get(name).data();
				StateDict.Entry e = reused.apply(name);
				assertArrayEquals(name, model.weights().get(name).shape(), e.shape());
				for (int i = 0; i < expected.length; i++)
					assertEquals(name + "[" + i + "]", Float.floatToRawIntBits(
						expected[i]), Float.floatToRawIntBits(e.data()[i]));
				float[] before = lastOfLength.put(expected.length, e.data());
				if (before != null) {
					if (expected.length >= 1 << 16) {
						assertSame(name +
							": the array of the previous weight of its length", before, e
								.data());
						sharedLarge++;
					}
					else assertNotSame(name + ": small weights get their own array",
						before, e.data());
				}
			}
			assertTrue("CE-Net has several large weights of one length",
				sharedLarge > 5);
		}
	}

	/**
	 * Weights from a source (TF, as training writes them) are checked as a whole
	 * model's are: the configuration's, each once, of their shapes, finite, all
	 * of them; else no file.
	 */
	@Test
	public void weightsFromASourceAreCheckedBeforeTheFileExists()
		throws IOException
	{
		TrainedModel description = model.withoutWeights();
		Path ok = file("streamed.cenet");
		ModelFile.save(ok, description, model.weights().asSource());
		TestTensors.assertBitIdentical(model.weights(), ModelFile.load(ok)
			.weights());
		String last = new java.util.ArrayList<>(model.weights().names()).get(model
			.weights().size() - 1);
		StateDict missing = TestTensors.without(model.weights(), last);
		StateDict reshaped = model.weights().copy();
		reshaped.put("finalconv3.bias", new long[] { 1, 2 }, reshaped.get(
			"finalconv3.bias").data());
		StateDict.EntrySource twice = sink -> {
			model.weights().asSource().forEach(sink);
			sink.accept(last, model.weights().get(last));
		};
		StateDict damaged = model.weights().copy();
		damaged.get("encoder1.0.conv1.weight").data()[5] = Float.NaN;
		String[] expected = { "model weights: missing key " + last,
			"model weights: key finalconv3.bias has shape [1, 2], expected [2]",
			"model weights: unexpected key " + last,
			"model weights: encoder1.0.conv1.weight holds NaN values" };
		StateDict.EntrySource[] sources = { missing.asSource(), reshaped.asSource(),
			twice, damaged.asSource() };
		for (int i = 0; i < sources.length; i++) {
			Path bad = file("bad" + i + ".cenet");
			try {
				ModelFile.save(bad, description, sources[i]);
				fail("saved " + expected[i]);
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains(expected[i]));
			}
			assertFalse(bad + " exists", Files.exists(bad));
		}
	}

	@Test
	public void layoutIsReadableWithoutThisPlugin() throws IOException {
		try (ZipFile zip = new ZipFile(saved.toFile())) {
			Properties p = new Properties();
			p.load(zip.getInputStream(zip.getEntry("cenet-model.properties")));
			assertEquals("cenet-model", p.getProperty("format"));
			assertEquals("1", p.getProperty("format_version"));
			assertEquals("1", p.getProperty("input_channels"));
			assertEquals("2", p.getProperty("classes"));
			assertEquals("percentile", p.getProperty("normalization.kind"));
			ZipEntry first = zip.entries().nextElement();
			assertEquals("cenet-model.properties", first.getName());
			StateDict.Entry w = Npy.read(zip.getInputStream(zip.getEntry(
				"weights/firstconv.weight.npy")), "w");
			assertEquals(Arrays.toString(new long[] { 64, 1, 7, 7 }), Arrays.toString(
				w.shape()));
			assertTrue(zip.getEntry("history.csv") != null);
		}
	}

	@Test
	public void reportsTruncatedFiles() throws IOException {
		long size = Files.size(saved);
		for (long length : new long[] { 0, 100, size / 2, size - 10 }) {
			Path cut = Files.copy(saved, file("cut" + length + ".cenet"));
			try (FileChannel channel = FileChannel.open(cut,
				StandardOpenOption.WRITE))
			{
				channel.truncate(length);
			}
			assertLoadFails(cut, cut +
				" is not a readable CE-Net model (corrupt or truncated): ");
			Files.delete(cut);
		}
	}

	@Test
	public void reportsDamagedWeights() throws IOException {
		Path damaged = Files.copy(saved, file("damaged.cenet"));
		try (FileChannel channel = FileChannel.open(damaged,
			StandardOpenOption.READ, StandardOpenOption.WRITE))
		{
			ByteBuffer b = ByteBuffer.allocate(1);
			long middle = channel.size() / 2;
			channel.read(b, middle);
			b.put(0, (byte) (b.get(0) ^ 1)).rewind();
			channel.write(b, middle);
		}
		assertLoadFails(damaged, damaged +
			" is not a readable CE-Net model (corrupt or truncated): entry weights/");
		Files.delete(damaged);
	}

	@Test
	public void reportsFilesThatAreNoZip() throws IOException {
		Path text = TestTensors.write(file("notes.cenet"), "just some text\n"
			.getBytes(StandardCharsets.UTF_8));
		assertLoadFails(text, text +
			" is not a readable CE-Net model (corrupt or truncated): ");
	}

	@Test
	public void reportsForeignZips() throws IOException {
		Path other = TestTensors.write(file("photos.zip"), zip(true, "a.txt",
			new byte[] { 1, 2, 3 }));
		assertLoadFails(other, other + " is not a CE-Net model file");
		Path npz = file("weights.npz");
		Npz.write(npz, new StateDict().put("firstconv.weight", new long[] { 1 },
			new float[1]));
		assertLoadFails(npz, npz + " is not a CE-Net model file");
		Path wrongMarker = TestTensors.write(file("wrong.cenet"), zip(false,
			"cenet-model.properties", "format=something-else\n".getBytes(
				StandardCharsets.ISO_8859_1)));
		assertLoadFails(wrongMarker, wrongMarker + " is not a CE-Net model file");
		Path checkpoint = file("c.cenet-checkpoint");
		Checkpoint.save(checkpoint, new Properties(), java.util.Map.of());
		assertLoadFails(checkpoint, checkpoint +
			" is a CE-Net training checkpoint, not a model file");
	}

	@Test
	public void asksForAnUpdateForNewerFormats() throws IOException {
		Path newer = TestTensors.write(file("newer.cenet"), zip(false,
			"cenet-model.properties",
			"format=cenet-model\nformat_version=2\ninput_channels=3\nclasses=1\n"
				.getBytes(StandardCharsets.ISO_8859_1)));
		assertLoadFails(newer, newer +
			" was written by a newer CE-Net for Fiji (model format 2); please update the plugin");
	}

	@Test
	public void validatesWeightsAgainstTheArchitecture() throws IOException {
		Path incomplete = file("incomplete.cenet");
		Properties header = ModelFile.FORMAT.header(props("input_channels", "1",
			"classes", "2"));
		AtomicFiles.write(incomplete, out -> writeArchive(out, header, TestTensors
			.without(model.weights(), "encoder3.5.bn2.bias")));
		assertLoadFails(incomplete, incomplete +
			": missing key encoder3.5.bn2.bias");
		Path wrongClasses = file("wrongclasses.cenet");
		Properties threeClasses = ModelFile.FORMAT.header(props("input_channels",
			"1", "classes", "3"));
		AtomicFiles.write(wrongClasses, out -> writeArchive(out, threeClasses, model
			.weights()));
		assertLoadFails(wrongClasses, wrongClasses +
			": key finalconv3.weight has shape [2, 32, 3, 3], expected [3, 32, 3, 3]");
		Path noConfig = file("noconfig.cenet");
		AtomicFiles.write(noConfig, out -> writeArchive(out, ModelFile.FORMAT
			.header(new Properties()), model.weights()));
		assertLoadFails(noConfig, noConfig +
			" is not a readable CE-Net model (corrupt or truncated): cenet-model.properties has no input_channels");
	}

	@Test
	public void refusesNonFiniteWeightsNamingFileAndTensor() throws IOException {
		StateDict weights = TestTensors.renamed(model.weights(), k -> k);
		float[] w = weights.get("decoder1.conv1.weight").data().clone();
		w[3] = Float.NaN;
		weights.put("decoder1.conv1.weight", weights.get("decoder1.conv1.weight")
			.shape(), w);
		Path nan = file("nan.cenet");
		Properties header = ModelFile.FORMAT.header(props("input_channels", "1",
			"classes", "2"));
		AtomicFiles.write(nan, out -> writeArchive(out, header, weights));
		assertLoadFails(nan, nan +
			": decoder1.conv1.weight holds NaN values; the weights are damaged");
		try {
			new TrainedModel(GRAY_2, weights, new Properties(),
				new TrainingHistory());
			fail("a model with NaN weights");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(
				"decoder1.conv1.weight holds NaN values"));
		}
	}

	/**
	 * A model calibrated by the trainer keeps its threshold and validation Dice
	 * values.
	 */
	@Test
	public void theCalibratedThresholdRoundTrips() throws IOException {
		TrainedModel calibrated = new TrainedModel(new CENetConfig(1, 1),
			TestTensors.randomCENet(new CENetConfig(1, 1), 3), props(
				TrainedModel.THRESHOLD, "0.35", TrainedModel.VALIDATION_DICE_AT_HALF,
				"0.71", TrainedModel.VALIDATION_DICE_CALIBRATED, "0.75"),
			new TrainingHistory());
		Path file = file("calibrated.cenet");
		ModelFile.save(file, calibrated);
		TrainedModel loaded = ModelFile.load(file);
		assertTrue(loaded.hasThreshold());
		assertEquals(0.35, loaded.threshold(), 0);
		assertEquals("0.71", loaded.metadata(TrainedModel.VALIDATION_DICE_AT_HALF));
		assertEquals("0.75", loaded.metadata(
			TrainedModel.VALIDATION_DICE_CALIBRATED));
		// without reading the weights
		assertEquals(loaded.metadata(), ModelFile.loadMetadata(file));
		assertEquals(0.35, TrainedModel.threshold(ModelFile.loadMetadata(file)), 0);
	}

	/**
	 * A file written before the calibrated threshold: no threshold key, and a
	 * history without the val_dice_calibrated column. It loads, with the
	 * threshold 0.5.
	 */
	@Test
	public void aModelWrittenBeforeTheCalibrationUsesHalf() throws IOException {
		Path old = file("old.cenet");
		Properties header = ModelFile.FORMAT.header(props("input_channels", "1",
			"classes", "2", "training_size", "384"));
		AtomicFiles.write(old, out -> {
			try (TensorArchive.Writer archive = new TensorArchive.Writer(out)) {
				archive.properties(ModelFile.PROPERTIES_ENTRY, header, null);
				archive.tensors(ModelFile.WEIGHTS_PREFIX, model.weights());
				archive.text(ModelFile.HISTORY_ENTRY,
					"epoch,train_loss,val_loss,val_dice,val_auc,lr,seconds\n" +
						"1,0.7,0.6,0.5,NaN,2.0E-4,30.0\n");
			}
		});
		TrainedModel loaded = ModelFile.load(old);
		assertTrue(!loaded.hasThreshold());
		assertEquals(0.5, loaded.threshold(), 0);
		assertEquals(1, loaded.history().size());
		assertEquals(0.5, loaded.history().epochs().get(0).valDice(), 0);
		assertTrue(Double.isNaN(loaded.history().epochs().get(0)
			.valDiceCalibrated()));
		assertEquals(0.5, TrainedModel.threshold(ModelFile.loadMetadata(old)), 0);
		// an unreadable threshold is reported as the file's
		Path bad = file("badthreshold.cenet");
		Properties badHeader = ModelFile.FORMAT.header(props("input_channels", "1",
			"classes", "2", "threshold", "1.5"));
		AtomicFiles.write(bad, out -> writeArchive(out, badHeader, model
			.weights()));
		assertLoadFails(bad, bad +
			": metadata threshold must be a number in [0, 1], not '1.5'");
	}

	private static void writeArchive(OutputStream out, Properties header,
		StateDict weights) throws IOException
	{
		try (TensorArchive.Writer archive = new TensorArchive.Writer(out)) {
			archive.properties(ModelFile.PROPERTIES_ENTRY, header, null);
			archive.tensors(ModelFile.WEIGHTS_PREFIX, weights);
		}
	}

	@Test
	public void refusesMetadataThatWouldShadowTheFileKeys() throws IOException {
		for (String key : new String[] { "classes", "input_channels", "format",
			"format_version" })
		{
			TrainedModel m = new TrainedModel(GRAY_2, model.weights(), props(key,
				"7"), new TrainingHistory());
			try {
				ModelFile.save(file("reserved.cenet"), m);
				fail(key);
			}
			catch (IllegalArgumentException e) {
				assertTrue(e.getMessage(), e.getMessage().contains("'" + key +
					"' is reserved"));
			}
		}
		assertTrue(!Files.exists(file("reserved.cenet")));
	}

	private static void assertLoadFails(Path file, String expectedStart) {
		try {
			ModelFile.load(file);
			fail("loaded " + file);
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(expectedStart));
		}
		// reading one weight at a time (CENetModel.open) refuses it alike, at the
		// open or at the weight
		try (ModelFile.WeightReader r = ModelFile.openWeights(file)) {
			for (String name : new sc.fiji.cenet.model.CENetArchitecture(r
				.description().config()).shapes().keySet())
				r.weight(name);
			fail("read the weights of " + file);
		}
		catch (IOException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(expectedStart));
		}
		catch (java.io.UncheckedIOException e) {
			assertTrue(e.getCause().getMessage(), e.getCause().getMessage()
				.startsWith(expectedStart));
		}
	}

	private static Properties props(String... keysAndValues) {
		Properties p = new Properties();
		for (int i = 0; i < keysAndValues.length; i += 2)
			p.setProperty(keysAndValues[i], keysAndValues[i + 1]);
		return p;
	}

	private static Path file(String name) {
		return tmp.getRoot().toPath().resolve(name);
	}

	@Test
	public void aModelWithoutWeightsIsNotSaved() throws Exception {
		TrainedModel header = new TrainedModel(new CENetConfig(1, 1), TestTensors
			.randomCENet(new CENetConfig(1, 1), 3), new java.util.Properties(),
			new sc.fiji.cenet.model.TrainingHistory()).withoutWeights();
		java.nio.file.Path file = tmp.newFolder().toPath().resolve("m.cenet");
		try {
			ModelFile.save(file, header);
			fail("saved a model without weights");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().contains("holds no weights"));
		}
		assertTrue(Files.notExists(file));
	}
}
