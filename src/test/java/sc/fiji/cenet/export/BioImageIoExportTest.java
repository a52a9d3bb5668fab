
package sc.fiji.cenet.export;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.type.numeric.real.FloatType;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.commands.TestModels;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.io.ModelFile;
import sc.fiji.cenet.io.Npy;
import sc.fiji.cenet.io.Sha256;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.CENetInference;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.predict.PredictionMode;
import sc.fiji.cenet.predict.PredictionSettings;
import sc.fiji.cenet.predict.Predictor;
import sc.fiji.cenet.progress.ProgressListener;

/**
 * One package of a random-weight 3-channel, BGR, 1-class CE-Net at 192 x 192,
 * exported once and checked as a consumer would; the broken copies show that
 * the checks catch what they are for.
 */
public class BioImageIoExportTest {

	private static final TemporaryFolder TMP = new TemporaryFolder();
	private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

	private static TrainedModel model;
	private static Path zip;
	private static BioImageIoExport.Result result;

	@BeforeClass
	public static void export() throws IOException {
		TMP.create();
		model = ModelFile.load(TestModels.file(new CENetConfig(3, 1), "BGR")
			.toPath());
		zip = TMP.getRoot().toPath().resolve("model.zip");
		result = new BioImageIoExport().export(model, description(), randomRgb(230,
			200, 5), zip, false);
	}

	@AfterClass
	public static void cleanUp() {
		TMP.delete();
	}

	static BioImageIoExport.Description description() {
		return new BioImageIoExport.Description("CE-Net test model",
			"Random weights, for the tests.", BioImageIoExport.Description.authors(
				"Ada Lovelace, Alan Turing"), "MIT", "doi:10.1000/xyz123",
			"random.cenet");
	}

	/** (X, Y, C) uniform 0..255 values. */
	static Img<FloatType> randomRgb(int width, int height, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		Img<FloatType> img = ArrayImgs.floats(width, height, 3);
		for (FloatType v : img)
			v.set((float) Math.floor(random.nextDouble() * 256));
		return img;
	}

	@Test
	public void packagePassesEveryCheck() throws IOException {
		assertEquals(Collections.emptyList(), PackageCheck.all(zip, 0));
	}

	@Test
	public void zipHoldsTheDocumentedFiles() throws IOException {
		List<String> names = new ArrayList<>();
		try (ZipFile z = new ZipFile(zip.toFile())) {
			for (Enumeration<? extends ZipEntry> e = z.entries(); e
				.hasMoreElements();)
				names.add(e.nextElement().getName());
		}
		assertEquals(Arrays.asList("rdf.yaml", "documentation.md", "cover.png",
			"test_input.npy", "test_output.npy", "tf_saved_model_bundle.zip"), names);
		assertEquals(new ArrayList<>(result.entries().keySet()), names);
		assertEquals(Files.size(zip), result.zipSize());
	}

	@Test
	public void rdfDescribesTheModel() throws IOException {
		JsonNode rdf = PackageCheck.rdf(zip);
		assertEquals(Collections.emptyList(), PackageCheck.schema(rdf));
		assertEquals("0.5.7", rdf.get("format_version").asText());
		assertEquals("model", rdf.get("type").asText());
		assertEquals(2, rdf.get("authors").size());
		assertEquals("Alan Turing", rdf.get("authors").get(1).get("name").asText());
		assertEquals("MIT", rdf.get("license").asText());
		JsonNode cite = rdf.get("cite");
		assertEquals("10.1109/TMI.2019.2903562", cite.get(0).get("doi").asText());
		assertEquals("https://arxiv.org/abs/1903.02740", cite.get(1).get("url")
			.asText());
		assertEquals("10.1000/xyz123", cite.get(3).get("doi").asText());
		JsonNode input = rdf.get("inputs").get(0), output = rdf.get("outputs").get(
			0);
		assertEquals("input", input.get("id").asText());
		assertEquals("probabilities", output.get("id").asText());
		List<String> axes = new ArrayList<>();
		for (JsonNode a : input.get("axes"))
			axes.add(a.get("type").asText() + (a.has("id") ? ":" + a.get("id")
				.asText() : ""));
		assertEquals(Arrays.asList("batch", "channel", "space:y", "space:x"), axes);
		assertEquals(192, input.get("axes").get(2).get("size").get("min").asInt());
		assertEquals(32, input.get("axes").get(3).get("size").get("step").asInt());
		assertEquals("[\"red\",\"green\",\"blue\"]", input.get("axes").get(1).get(
			"channel_names").toString());
		// default overlap at 192 is 48 pixels between tiles: 24 per side
		assertEquals(24, output.get("axes").get(2).get("halo").asInt());
		assertEquals(24, output.get("axes").get(3).get("halo").asInt());
		assertEquals("input", output.get("axes").get(3).get("size").get("tensor_id")
			.asText());
		JsonNode scale = input.get("preprocessing").get(0);
		assertEquals("scale_linear", scale.get("id").asText());
		assertEquals(3.2 / 255, scale.get("kwargs").get("gain").asDouble(), 0);
		assertEquals(-1.6, scale.get("kwargs").get("offset").asDouble(), 0);
		assertTrue(rdf.get("weights").get("tensorflow_saved_model_bundle").get(
			"tensorflow_version").asText().startsWith("2."));
	}

	/**
	 * Percentile models: scale_range per sample and channel, then scale_linear;
	 * schema-valid.
	 */
	@Test
	public void percentilePreprocessing() throws IOException {
		Preprocessing p = new Preprocessing(Normalization.percentile(2, 98));
		ObjectNode rdf = (ObjectNode) PackageCheck.rdf(zip);
		((ObjectNode) rdf.get("inputs").get(0)).set("preprocessing",
			new ObjectMapper().valueToTree(p.steps()));
		assertEquals(Collections.emptyList(), PackageCheck.schema(rdf));
		JsonNode steps = rdf.get("inputs").get(0).get("preprocessing");
		assertEquals("scale_range", steps.get(0).get("id").asText());
		assertEquals("[\"y\",\"x\"]", steps.get(0).get("kwargs").get("axes")
			.toString());
		assertEquals(2.0, steps.get(0).get("kwargs").get("min_percentile")
			.asDouble(), 0);
		assertEquals(98.0, steps.get(0).get("kwargs").get("max_percentile")
			.asDouble(), 0);
		assertEquals("scale_linear", steps.get(1).get("id").asText());
		assertEquals(3.2, steps.get(1).get("kwargs").get("gain").asDouble(), 0);
		// two channels of 0..99 (one reversed, one times 10): each channel on its
		// own, percentiles to -1.6 and 1.6
		float[] chw = new float[2 * 10 * 10];
		for (int i = 0; i < 100; i++) {
			chw[i] = i;
			chw[100 + i] = 10 * (99 - i);
		}
		float[] out = p.apply(chw, 2, 10, 10);
		RandomAccessibleInterval<FloatType> plugin = Normalization.percentile(2, 98)
			.normalize(ArrayImgs.floats(chw, 10, 10, 2));
		int i = 0;
		for (FloatType v : net.imglib2.view.Views.flatIterable(plugin))
			assertEquals("value " + i, v.get(), out[i++], 1e-5);
	}

	/**
	 * deepImageJ's engine (JDLL) identifies the model by its nickname; the checks
	 * of its needs catch each lack.
	 */
	@Test
	public void jdllFindsItsFieldsAndTheChecksCatchTheirLack()
		throws IOException
	{
		ObjectNode rdf = (ObjectNode) PackageCheck.rdf(zip);
		assertEquals("ce-net-test-model", rdf.path("config").path("bioimageio")
			.path("nickname").asText());
		assertEquals(Collections.emptyList(), PackageCheck.jdll(rdf));
		ObjectNode noNickname = rdf.deepCopy();
		((ObjectNode) noNickname.path("config")).remove("bioimageio");
		assertEquals(Collections.singletonList(
			"jdll: needs id or config.bioimageio.nickname (ModelDescriptorV05:52)"),
			PackageCheck.jdll(noNickname));
		ObjectNode noAxisId = rdf.deepCopy();
		((ObjectNode) noAxisId.path("inputs").get(0).path("axes").get(2)).remove(
			"id");
		assertFalse(PackageCheck.jdll(noAxisId).isEmpty());
		ObjectNode arrays = rdf.deepCopy();
		for (com.fasterxml.jackson.databind.JsonNode step : arrays.path("inputs")
			.get(0).path("preprocessing"))
			if (step.path("id").asText().equals("scale_linear")) ((ObjectNode) step
				.path("kwargs")).putArray("gain").add(1.0).add(2.0);
		assertTrue(PackageCheck.jdll(arrays).toString(), PackageCheck.jdll(arrays)
			.get(0).endsWith("scale_linear with arrays is wrong in JDLL"));
	}

	/**
	 * Names and licences the model zoo refuses are refused before anything is
	 * written, naming the rule.
	 */
	@Test
	public void nameAndLicenceFollowTheZoosRules() {
		try {
			new BioImageIoExport.Description("CE-Net: retinal vessels, v1.0", "x",
				BioImageIoExport.Description.authors("A"), "MIT", null, "m.cenet");
			fail("a name with : and ,");
		}
		catch (IllegalArgumentException e) {
			assertEquals(
				"name may hold only letters, digits, spaces and _ + - ( ) (the BioImage Model Zoo's rule for " +
					"model names), not ':' ',' '.'", e.getMessage());
		}
		try {
			new BioImageIoExport.Description("Retinal vessels", "x",
				BioImageIoExport.Description.authors("A"), "My-License-1.0", null,
				"m.cenet");
			fail("a licence not in the SPDX list");
		}
		catch (IllegalArgumentException e) {
			assertTrue(e.getMessage(), e.getMessage().startsWith(
				"license must be an SPDX licence id such as MIT, not " +
					"'My-License-1.0'"));
		}
		for (String licence : new String[] { "MIT", "CC-BY-4.0", "BSD-3-Clause",
			"Apache-2.0" })
			new BioImageIoExport.Description("Retinal vessels (v1)", "x",
				BioImageIoExport.Description.authors("A"), licence, null, "m.cenet");
	}

	/**
	 * A 448-trained model's cover stays under the zoo's 500 KB (a random image
	 * compresses worst).
	 */
	@Test
	public void theCoverOfA448ModelIsUnder500KB() throws IOException {
		java.util.Properties metadata = model.metadata();
		metadata.setProperty(TrainedModel.TRAINING_SIZE, "448");
		TrainedModel big = new TrainedModel(model.config(), model.weights(),
			metadata, model.history());
		Path bigZip = TMP.getRoot().toPath().resolve("448.zip");
		BioImageIoExport.Result r = new BioImageIoExport().export(big,
			description(), null, bigZip, false);
		assertTrue(r.entries().get("cover.png") + " bytes", r.entries().get(
			"cover.png") < 500 * 1024);
		assertEquals(Collections.emptyList(), PackageCheck.specRules(bigZip,
			PackageCheck.rdf(bigZip)));
	}

	@Test
	public void schemaRejectsAnRdfWithoutInputs() throws IOException {
		ObjectNode rdf = (ObjectNode) PackageCheck.rdf(zip);
		rdf.remove("inputs");
		assertFalse(PackageCheck.schema(rdf).isEmpty());
	}

	/**
	 * The SavedModel, loaded afresh, gives what the plugin's own Predictor gives
	 * (RESIZE at the tile size: one call).
	 */
	@Test
	public void savedModelReproducesThePluginsPrediction() throws IOException {
		StateDict.Entry testInput;
		try (ZipFile z = new ZipFile(zip.toFile());
				InputStream in = z.getInputStream(z.getEntry("test_input.npy")))
		{
			testInput = Npy.read(in, "test_input.npy");
		}
		assertArrayEquals(new long[] { 1, 3, 192, 192 }, testInput.shape());
		// (1, C, H, W) in C order is (X, Y, C) in ImgLib2's order
		RandomAccessibleInterval<FloatType> raw = ArrayImgs.floats(testInput.data(),
			192, 192, 3);
		RandomAccessibleInterval<FloatType> prepared = ChannelOrder.BGR.fromRgb(
			Normalization.scale().normalize(raw));
		float[] expected;
		try (CENetInference net = new CENetInference(model.config(), model
			.weights()))
		{
			Img<FloatType> p = new Predictor(net, PredictionSettings.builder().mode(
				PredictionMode.RESIZE).tileSize(192).build()).probabilities(prepared,
					ProgressListener.NONE);
			expected = new float[192 * 192];
			int i = 0;
			for (FloatType v : p)
				expected[i++] = v.get();
		}

		Path dir = TMP.newFolder().toPath();
		PackageCheck.unzip(extract("tf_saved_model_bundle.zip"), dir);
		float[] pre = new Preprocessing(Normalization.scale()).apply(testInput
			.data(), 3, 192, 192);
		float[] actual;
		try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(),
			"serve");
				TFloat32 x = TFloat32.tensorOf(Shape.of(1, 3, 192, 192), DataBuffers.of(
					pre, true, false));
				org.tensorflow.Result r = bundle.function("serving_default").call(Map
					.<String, Tensor> of("input", x)))
		{
			TFloat32 y = (TFloat32) r.get("probabilities").get();
			assertArrayEquals(new long[] { 1, 1, 192, 192 }, y.shape().asArray());
			actual = new float[(int) y.size()];
			y.copyTo(DataBuffers.of(actual, false, false));
		}
		float min = 1, max = 0;
		for (float v : expected) {
			min = Math.min(min, v);
			max = Math.max(max, v);
		}
		assertTrue("probabilities should spread, not be constant: " + min + ".." +
			max, max - min > 0.01);
		assertArrayEquals(expected, actual, 1e-5f);
	}

	@Test
	public void graphHoldsOnlyKnownOpsWithoutDefaultAttributes() {
		assertTrue(SavedModelExport.KNOWN_OPS.keySet().containsAll(result.graph()
			.ops()));
		assertTrue(result.graph().ops().contains("ReverseV2")); // BGR inside the
																														// graph
		assertFalse(result.graph().ops().contains("Sigmoid") && result.graph().ops()
			.contains("Softmax"));
		assertTrue(result.graph().strippedAttributes() > 0);
		assertTrue("the weight-loading placeholders are pruned", result.graph()
			.prunedNodes() > 0);
	}

	@Test
	public void renamedSignatureKeyFailsTheCheck() throws IOException {
		Path weights = extract("tf_saved_model_bundle.zip");
		SavedModel saved = SavedModel.parseFrom(entry(weights, "saved_model.pb"));
		MetaGraphDef meta = saved.getMetaGraphs(0);
		SignatureDef sig = meta.getSignatureDefMap().get("serving_default");
		SignatureDef renamed = sig.toBuilder().removeInputs("input").putInputs(
			"image", sig.getInputsMap().get("input")).build();
		byte[] brokenPb = saved.toBuilder().setMetaGraphs(0, meta.toBuilder()
			.putSignatureDef("serving_default", renamed)).build().toByteArray();
		Path brokenWeights = replaceEntries(weights, Collections.singletonMap(
			"saved_model.pb", brokenPb));
		String rdf = new String(entry(zip, "rdf.yaml"), StandardCharsets.UTF_8)
			.replace(Sha256.of(weights), Sha256.of(brokenWeights));
		Map<String, byte[]> changes = new LinkedHashMap<>();
		changes.put("tf_saved_model_bundle.zip", Files.readAllBytes(brokenWeights));
		changes.put("rdf.yaml", rdf.getBytes(StandardCharsets.UTF_8));
		Path broken = replaceEntries(zip, changes);

		JsonNode brokenRdf = PackageCheck.rdf(broken);
		assertEquals("hashes were updated: only the signature is wrong", Collections
			.emptyList(), PackageCheck.files(broken, brokenRdf));
		List<String> problems = PackageCheck.savedModel(broken, brokenRdf, 1e-5);
		assertEquals(1, problems.size());
		assertTrue(problems.get(0), problems.get(0).contains(
			"signature inputs [image]"));
	}

	@Test
	public void wrongSha256FailsTheCheck() throws IOException {
		String rdf = new String(entry(zip, "rdf.yaml"), StandardCharsets.UTF_8);
		JsonNode parsed = YAML.readTree(rdf);
		String sha = parsed.get("outputs").get(0).get("test_tensor").get("sha256")
			.asText();
		String wrong = sha.substring(0, 63) + (sha.charAt(63) == '0' ? '1' : '0');
		Path broken = replaceEntries(zip, Collections.singletonMap("rdf.yaml", rdf
			.replace(sha, wrong).getBytes(StandardCharsets.UTF_8)));
		List<String> problems = PackageCheck.files(broken, PackageCheck.rdf(
			broken));
		assertEquals(1, problems.size());
		assertTrue(problems.get(0), problems.get(0).contains("test_output.npy"));
		assertEquals("a wrong hash is still schema-valid", Collections.emptyList(),
			PackageCheck.schema(PackageCheck.rdf(broken)));
	}

	@Test
	public void existingZipIsNotReplacedWithoutOverwrite() throws IOException {
		byte[] before = Files.readAllBytes(zip);
		try {
			new BioImageIoExport().export(model, description(), null, zip, false);
			fail("expected FileAlreadyExistsException");
		}
		catch (FileAlreadyExistsException e) {
			// expected
		}
		assertArrayEquals(before, Files.readAllBytes(zip));
	}

	@Test
	public void citeTakesADoiOrAUrlFromTheText() {
		assertEquals("{text=see 10.5281/zenodo.123., doi=10.5281/zenodo.123}",
			BioImageIoExport.cite("see 10.5281/zenodo.123.").get(3).toString());
		assertEquals("{text=https://example.org/x, url=https://example.org/x}",
			BioImageIoExport.cite("https://example.org/x").get(3).toString());
		assertEquals("{text=Smith 2020}", BioImageIoExport.cite("Smith 2020").get(3)
			.toString());
		assertEquals(3, BioImageIoExport.cite(null).size());
	}

	@Test
	public void yamlQuotesEveryString() throws IOException {
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put("a", "yes");
		doc.put("yes", "a key YAML 1.1 reads as a boolean");
		doc.put("b", Arrays.asList(1, 2.5, 1e10, "x: \"y\"\n"));
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("k", Collections.emptyList());
		item.put("m", Collections.singletonMap("n", true));
		doc.put("c", Collections.singletonList(item));
		Map<String, Object> twice = Collections.singletonMap("min", 192);
		doc.put("d", Arrays.asList(twice, twice)); // one map in two places: written
																								// twice, no anchor and alias
		String text = Yaml.write(doc);
		assertFalse(text, text.contains("&") || text.contains("*id"));
		JsonNode back = YAML.readTree(text);
		assertEquals(
			"{\"a\":\"yes\",\"yes\":\"a key YAML 1.1 reads as a boolean\",\"b\":[1,2.5,1.0E10,\"x: \\\"y\\\"\\n\"],\"c\":[{\"k\":[],\"m\":{\"n\":true}}],\"d\":[{\"min\":192},{\"min\":192}]}",
			new ObjectMapper().writeValueAsString(back));
	}

	private static Path extract(String name) throws IOException {
		Path out = TMP.newFile().toPath();
		Files.write(out, entry(zip, name));
		return out;
	}

	private static byte[] entry(Path zipFile, String name) throws IOException {
		try (ZipFile z = new ZipFile(zipFile.toFile());
				InputStream in = z.getInputStream(z.getEntry(name)))
		{
			return in.readAllBytes();
		}
	}

	/**
	 * A copy of a zip with some entries' contents replaced, not compressed
	 * (fast).
	 */
	private static Path replaceEntries(Path source, Map<String, byte[]> changes)
		throws IOException
	{
		Path copy = TMP.newFile().toPath();
		try (ZipFile z = new ZipFile(source.toFile());
				ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(copy)))
		{
			out.setLevel(0);
			for (Enumeration<? extends ZipEntry> e = z.entries(); e
				.hasMoreElements();)
			{
				ZipEntry entry = e.nextElement();
				out.putNextEntry(new ZipEntry(entry.getName()));
				if (changes.containsKey(entry.getName())) out.write(changes.get(entry
					.getName()));
				else try (InputStream in = z.getInputStream(entry)) {
					in.transferTo(out);
				}
				out.closeEntry();
			}
		}
		return copy;
	}

}
