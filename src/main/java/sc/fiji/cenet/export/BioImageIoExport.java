
package sc.fiji.cenet.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipOutputStream;

import net.imglib2.RandomAccess;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.data.ChannelConversion;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.data.SyntheticVessels;
import sc.fiji.cenet.io.AtomicFiles;
import sc.fiji.cenet.io.Sha256;
import sc.fiji.cenet.io.TrainedModel;
import sc.fiji.cenet.io.ZipEntries;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.predict.PredictionSettings;

/**
 * Writes a trained CE-Net as a BioImage Model Zoo package (format 0.5): one zip
 * with {@value #RDF} at its root beside the files it names, written atomically.
 * <ul>
 * <li>{@value #WEIGHTS}: a TensorFlow SavedModel
 * ({@link SavedModelExport});</li>
 * <li>{@value #TEST_INPUT}, {@value #TEST_OUTPUT}: a test image as
 * {@code (1, channel, y, x)} float32 raw intensities (R, G, B order) and what
 * the exported SavedModel, after the rdf's preprocessing, gives for it;</li>
 * <li>{@value #COVER}: the test image beside its prediction;</li>
 * <li>{@value #DOCUMENTATION}: the model, its training and how to use it.</li>
 * </ul>
 */
public final class BioImageIoExport implements
	ModelExporter<BioImageIoExport.Description, BioImageIoExport.Result>
{

	public static final String FORMAT_VERSION = "0.5.7";
	public static final String INPUT_ID = "input";
	public static final String OUTPUT_ID = "probabilities";

	public static final String RDF = "rdf.yaml";
	public static final String WEIGHTS = "tf_saved_model_bundle.zip";
	public static final String TEST_INPUT = "test_input.npy";
	public static final String TEST_OUTPUT = "test_output.npy";
	public static final String COVER = "cover.png";
	public static final String DOCUMENTATION = "documentation.md";

	static final String PLUGIN_URL = "https://github.com/cenet-fiji/CE_Net";
	static final String CENET_TEXT =
		"Gu Z, Cheng J, Fu H, Zhou K, Hao H, Zhao Y, Zhang T, Gao S, Liu J. " +
			"CE-Net: Context Encoder Network for 2D Medical Image Segmentation. " +
			"IEEE Transactions on Medical Imaging 38(10):2281-2292, 2019. arXiv:1903.02740";
	static final String CENET_DOI = "10.1109/TMI.2019.2903562";
	static final String CENET_ARXIV = "https://arxiv.org/abs/1903.02740";

	private static final Pattern DOI = Pattern.compile("10\\.[0-9]{4,}/\\S+");
	private static final Pattern URL = Pattern.compile("https?://\\S+");

	@Override
	public String format() {
		return "BioImage.IO " + FORMAT_VERSION;
	}

	/** What the package describes beyond the model itself. */
	public static final class Description {

		final String name;
		final String description;
		final List<String> authors;
		final String license;
		final String cite;
		final String source;

		/**
		 * @param name 5 to 128 characters
		 * @param authors at least one name
		 * @param license an SPDX id, e.g. MIT
		 * @param cite an extra citation (free text, a DOI or a URL), or null
		 * @param source where the model came from (e.g. its file name), for the
		 *          documentation; or null
		 */
		public Description(String name, String description, List<String> authors,
			String license, String cite, String source)
		{
			this.name = name == null ? "" : name.trim();
			this.description = description == null ? "" : description.trim();
			List<String> a = new ArrayList<>();
			if (authors != null) for (String s : authors)
				if (s != null && !s.trim().isEmpty()) a.add(s.trim());
			this.authors = Collections.unmodifiableList(a);
			this.license = license == null ? "" : license.trim();
			this.cite = cite == null || cite.trim().isEmpty() ? null : cite.trim();
			this.source = source;
			// every value the model zoo refuses, said at once
			List<String> problems = new ArrayList<>();
			if (this.name.length() < 5 || this.name.length() > 128) problems.add(
				"name must have 5 to 128 characters, not " + this.name.length());
			String badCharacters = this.name.replaceAll(NAME_CHARACTERS, "");
			if (!badCharacters.isEmpty()) problems.add(
				"name may hold only letters, digits, " +
					"spaces and _ + - ( ) (the BioImage Model Zoo's rule for model names), not " +
					quoted(badCharacters));
			if (this.description.isEmpty() || this.description.length() > 1024)
				problems.add("description must have 1 to 1024 characters, not " +
					this.description.length());
			if (this.authors.isEmpty()) problems.add(
				"authors must name at least one author");
			if (!SpdxLicenses.contains(this.license)) problems.add(
				"license must be an SPDX licence id such as MIT, not '" + license +
					"' (the BioImage Model Zoo accepts the ids of spdx.org/licenses only)");
			if (!problems.isEmpty()) throw new IllegalArgumentException(String.join(
				"; ", problems));
		}

		/** Authors from a comma-separated list. */
		public static List<String> authors(String commaSeparated) {
			return commaSeparated == null ? Collections.emptyList() : Arrays.asList(
				commaSeparated.split(","));
		}
	}

	/**
	 * The written package: its entries with their sizes, and the exported graph.
	 */
	public static final class Result {

		private final Map<String, Long> entries;
		private final long zipSize;
		private final SavedModelExport.Written graph;

		Result(Map<String, Long> entries, long zipSize,
			SavedModelExport.Written graph)
		{
			this.entries = Collections.unmodifiableMap(entries);
			this.zipSize = zipSize;
			this.graph = graph;
		}

		/** Entry names in zip order and their uncompressed sizes in bytes. */
		public Map<String, Long> entries() {
			return entries;
		}

		public long zipSize() {
			return zipSize;
		}

		public SavedModelExport.Written graph() {
			return graph;
		}
	}

	/**
	 * Exports {@code model} to {@code zip}.
	 *
	 * @param testImage raw intensities, (X, Y) or (X, Y, C) in R, G, B order; its
	 *          channels are converted to the model's (mean or replication), and
	 *          it is cropped at the centre to a valid size of at most the
	 *          training size. Null: a synthetic vessel image of the training
	 *          size.
	 * @param overwrite whether an existing {@code zip} may be replaced
	 * @throws java.nio.file.FileAlreadyExistsException when {@code zip} exists
	 *           and overwrite is off
	 */
	@Override
	public Result export(TrainedModel model, Description description,
		RandomAccessibleInterval<? extends RealType<?>> testImage, Path zip,
		boolean overwrite) throws IOException
	{
		if (!overwrite && Files.exists(zip))
			throw new java.nio.file.FileAlreadyExistsException(zip.toString(), null,
				zip + " already exists; tick overwrite to replace it");
		Normalization normalization = normalization(model);
		Preprocessing preprocessing = new Preprocessing(normalization);
		CENetConfig config = model.config();
		SavedModelExport.channelOrder(model);
		float[][] image = testTensor(testImage == null ? synthetic(model
			.trainingSize()) : testImage, config, model.trainingSize());
		int channels = config.inputChannels(), height = (int) image[1][0], width =
			(int) image[1][1];
		try (sc.fiji.cenet.io.WorkFolder folder = sc.fiji.cenet.io.WorkFolder
			.create(WORK_PREFIX))
		{
			Path work = folder.path();
			Path savedModel = work.resolve("saved_model");
			SavedModelExport.Written graph = SavedModelExport.write(model, INPUT_ID,
				OUTPUT_ID, savedModel);
			ZipEntries.zipFolder(savedModel, work.resolve(WEIGHTS));
			float[] input = image[0];
			float[] output = run(savedModel, preprocessing.apply(input, channels,
				height, width), channels, height, width);
			int classes = config.outputChannels();
			Files.write(work.resolve(TEST_INPUT), sc.fiji.cenet.io.Npy.toBytes(
				new long[] { 1, channels, height, width }, input));
			Files.write(work.resolve(TEST_OUTPUT), sc.fiji.cenet.io.Npy.toBytes(
				new long[] { 1, classes, height, width }, output));
			Files.write(work.resolve(COVER), Cover.png(input, channels, output,
				classes, height, width));
			Files.write(work.resolve(DOCUMENTATION), Documentation.markdown(model,
				description, normalization, preprocessing, graph, halo(model), height,
				width).getBytes(StandardCharsets.UTF_8));
			Map<String, Object> rdf = rdf(model, description, preprocessing, work);
			Files.write(work.resolve(RDF), Yaml.write(rdf).getBytes(
				StandardCharsets.UTF_8));
			List<String> order = Arrays.asList(RDF, DOCUMENTATION, COVER, TEST_INPUT,
				TEST_OUTPUT, WEIGHTS);
			Map<String, Long> entries = new LinkedHashMap<>();
			for (String name : order)
				entries.put(name, Files.size(work.resolve(name)));
			sc.fiji.cenet.io.IOConsumer<OutputStream> content = out -> {
				// closed, not only finished, so that its Deflater's native memory goes
				// now (AtomicFiles lets the callback close the stream)
				try (ZipOutputStream z = new ZipOutputStream(out)) {
					for (String name : order)
						ZipEntries.add(z, work.resolve(name), name, !name.endsWith(".zip"));
				}
			};
			if (overwrite) AtomicFiles.write(zip, content);
			else AtomicFiles.writeNew(zip, content);
			return new Result(entries, Files.size(zip), graph);
		}
	}

	/**
	 * The characters the model zoo allows in a model's name (bioimageio.spec's
	 * RestrictCharacters).
	 */
	static final String NAME_CHARACTERS = "[A-Za-z0-9_+\\- ()]";

	/** Each character once, in order, in quotes: what the message names. */
	private static String quoted(String characters) {
		StringBuilder s = new StringBuilder();
		characters.chars().distinct().forEach(c -> s.append(s.length() == 0 ? ""
			: " ").append('\'').append((char) c).append('\''));
		return s.toString();
	}

	/**
	 * The nickname deepImageJ's engine (JDLL) identifies a model by, made of the
	 * name: lower-case letters, digits and hyphens, as the zoo's resource ids.
	 * Without it (or an {@code id}), JDLL cannot read the package.
	 */
	static String nickname(String name) {
		String n = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+",
			"-").replaceAll("^-+|-+$", "");
		return n.isEmpty() ? "cenet-model" : n;
	}

	/**
	 * The prefix of the export's work folders in the system's temporary folder
	 * (one killed is removed by the next).
	 */
	static final String WORK_PREFIX = "cenet-bioimageio";

	/**
	 * The model's recorded normalisation; a model that records none (older files)
	 * gets the reference's 8-bit scale, which is also what the plugin uses for
	 * 8-bit and RGB images.
	 */
	public static Normalization normalization(TrainedModel model) {
		Normalization recorded = sc.fiji.cenet.predict.NetworkInput.normalizationOf(
			model);
		return recorded != null ? recorded : Normalization.scale();
	}

	/**
	 * The output halo: half the plugin's default tile overlap at the training
	 * size.
	 */
	static int halo(TrainedModel model) {
		return Math.max(1, PredictionSettings.defaultOverlap(model.trainingSize()) /
			2);
	}

	/** A synthetic vessel image, gray, 0..255. */
	private static RandomAccessibleInterval<? extends RealType<?>> synthetic(
		int size)
	{
		return SyntheticVessels.generate(42, size, size).image();
	}

	/**
	 * {tensor (C, H, W) in C order, {H, W}}: the image with the model's channels,
	 * cropped at the centre to a valid size of at most the training size.
	 */
	static float[][] testTensor(
		RandomAccessibleInterval<? extends RealType<?>> img, CENetConfig config,
		int trainingSize)
	{
		if (img.numDimensions() != 2 && img.numDimensions() != 3)
			throw new IllegalArgumentException(
				"test_image must be one 2D plane (X, Y) or (X, Y, C), not " + img
					.numDimensions() + " axes");
		long w = img.dimension(0), h = img.dimension(1);
		if (w < CENetConfig.MIN_SIZE || h < CENetConfig.MIN_SIZE)
			throw new IllegalArgumentException("test_image must be at " + "least " +
				CENetConfig.MIN_SIZE + " x " + CENetConfig.MIN_SIZE + " pixels, not " +
				w + " x " + h);
		int tw = cropSize(w, trainingSize), th = cropSize(h, trainingSize);
		RandomAccessibleInterval<? extends RealType<?>> converted =
			ChannelConversion.toChannels(Views.zeroMin(img), config.inputChannels());
		long x0 = (w - tw) / 2, y0 = (h - th) / 2;
		int channels = config.inputChannels();
		float[] out = new float[channels * th * tw];
		RandomAccess<? extends RealType<?>> ra = converted.randomAccess();
		for (int c = 0; c < channels; c++)
			for (int y = 0; y < th; y++)
				for (int x = 0; x < tw; x++) {
					ra.setPosition(x0 + x, 0);
					ra.setPosition(y0 + y, 1);
					if (converted.numDimensions() == 3) ra.setPosition(c, 2);
					float v = ra.get().getRealFloat();
					if (!Float.isFinite(v)) throw new IllegalArgumentException(
						"test_image holds NaN or infinite values");
					out[(c * th + y) * tw + x] = v;
				}
		return new float[][] { out, { th, tw } };
	}

	private static int cropSize(long n, int trainingSize) {
		long m = Math.min(n, Math.max(trainingSize, CENetConfig.MIN_SIZE));
		return (int) (m / CENetConfig.SIZE_MULTIPLE * CENetConfig.SIZE_MULTIPLE);
	}

	/**
	 * Runs the written SavedModel as a consumer would: loaded from disk, through
	 * its signature.
	 */
	static float[] run(Path savedModel, float[] preprocessed, int channels,
		int height, int width)
	{
		try (SavedModelBundle bundle = SavedModelBundle.load(savedModel.toString(),
			SavedModelExport.TAG);
				TFloat32 x = TFloat32.tensorOf(Shape.of(1, channels, height, width),
					DataBuffers.of(preprocessed, true, false));
				org.tensorflow.Result r = bundle.function(
					SavedModelExport.SIGNATURE_KEY).call(Collections
						.<String, Tensor> singletonMap(INPUT_ID, x)))
		{
			TFloat32 y = (TFloat32) r.get(OUTPUT_ID).orElseThrow(
				() -> new IllegalStateException("the SavedModel gave no " + OUTPUT_ID));
			float[] out = new float[(int) y.size()];
			y.copyTo(DataBuffers.of(out, false, false));
			for (float v : out)
				if (!Float.isFinite(v)) throw new IllegalStateException(
					"the exported model predicts NaN or infinite values");
			return out;
		}
	}

	private static Map<String, Object> rdf(TrainedModel model, Description d,
		Preprocessing preprocessing, Path work) throws IOException
	{
		CENetConfig config = model.config();
		Map<String, Object> rdf = new LinkedHashMap<>();
		rdf.put("format_version", FORMAT_VERSION);
		rdf.put("type", "model");
		rdf.put("name", d.name);
		rdf.put("description", d.description);
		List<Object> authors = new ArrayList<>();
		for (String a : d.authors)
			authors.add(map("name", a));
		rdf.put("authors", authors);
		rdf.put("cite", cite(d.cite));
		rdf.put("license", d.license);
		rdf.put("git_repo", PLUGIN_URL);
		rdf.put("tags", Arrays.asList("ce-net", "segmentation", "2d", "tensorflow",
			"fiji", "cenet-fiji"));
		rdf.put("documentation", DOCUMENTATION);
		rdf.put("covers", Collections.singletonList(COVER));
		rdf.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(
			ChronoUnit.SECONDS).format(DateTimeFormatter.ofPattern(
				"yyyy-MM-dd'T'HH:mm:ssxxx")));

		Map<String, Object> input = new LinkedHashMap<>();
		input.put("id", INPUT_ID);
		input.put("description", config.inputChannels() == 3
			? "RGB image, raw intensities" : "gray image, raw intensities");
		Map<String, Object> size = map("min", CENetConfig.MIN_SIZE);
		size.put("step", CENetConfig.SIZE_MULTIPLE);
		input.put("axes", Arrays.asList(map("type", "batch"), channelAxis(config
			.inputChannels() == 3 ? Arrays.asList("red", "green", "blue")
				: Collections.singletonList("gray")), spaceAxis("y", size), spaceAxis(
					"x", size)));
		input.put("test_tensor", file(work, TEST_INPUT));
		input.put("data", map("type", "float32"));
		input.put("preprocessing", preprocessing.steps());

		Map<String, Object> output = new LinkedHashMap<>();
		output.put("id", OUTPUT_ID);
		output.put("description", config.classes() == 1
			? "foreground probability (sigmoid)"
			: "class probabilities (softmax over channels)");
		List<String> names = new ArrayList<>();
		for (String n : model.classNames())
			names.add(identifier(n));
		int halo = halo(model);
		output.put("axes", Arrays.asList(map("type", "batch"), channelAxis(names),
			outputAxis("y", halo), outputAxis("x", halo)));
		output.put("test_tensor", file(work, TEST_OUTPUT));
		Map<String, Object> data = map("type", "float32");
		data.put("range", Arrays.asList(0.0, 1.0));
		output.put("data", data);

		rdf.put("inputs", Collections.singletonList(input));
		rdf.put("outputs", Collections.singletonList(output));
		Map<String, Object> weights = file(work, WEIGHTS);
		weights.put("tensorflow_version", TensorFlow.version());
		weights.put("comment",
			"SavedModel (tag serve, signature serving_default) written by CE-Net for Fiji with " +
				"TensorFlow Java; default-valued op attributes stripped for older TensorFlow runtimes");
		rdf.put("weights", map("tensorflow_saved_model_bundle", weights));
		Map<String, Object> cenet = new LinkedHashMap<>();
		cenet.put("input_channels", config.inputChannels());
		cenet.put("classes", config.classes());
		cenet.put("training_size", model.trainingSize());
		cenet.put("channel_order", model.channelOrder());
		cenet.put("tile_overlap", PredictionSettings.defaultOverlap(model
			.trainingSize()));
		Map<String, Object> config2 = new LinkedHashMap<>();
		config2.put("bioimageio", map("nickname", nickname(d.name)));
		config2.put("cenet_fiji", cenet);
		rdf.put("config", config2);
		return rdf;
	}

	static List<Object> cite(String extra) {
		List<Object> cite = new ArrayList<>();
		Map<String, Object> cenet = map("text", CENET_TEXT);
		cenet.put("doi", CENET_DOI);
		cite.add(cenet);
		Map<String, Object> arxiv = map("text",
			"CE-Net preprint, arXiv:1903.02740");
		arxiv.put("url", CENET_ARXIV);
		cite.add(arxiv);
		Map<String, Object> plugin = map("text",
			"CE-Net for Fiji: training and prediction of CE-Net in Fiji with " +
				"TensorFlow Java");
		plugin.put("url", PLUGIN_URL);
		cite.add(plugin);
		if (extra != null) {
			Map<String, Object> e = map("text", extra);
			Matcher doi = DOI.matcher(extra), url = URL.matcher(extra);
			if (doi.find()) e.put("doi", doi.group().replaceAll("[.,;)]+$", ""));
			else if (url.find()) e.put("url", url.group().replaceAll("[.,;)]+$", ""));
			cite.add(e);
		}
		return cite;
	}

	/** A channel name the spec accepts: letters, digits and underscores. */
	static String identifier(String name) {
		String s = name.trim().replaceAll("[^A-Za-z0-9_]", "_");
		return s.isEmpty() ? "class" : s;
	}

	private static Map<String, Object> channelAxis(List<String> names) {
		Map<String, Object> axis = map("type", "channel");
		axis.put("channel_names", names);
		return axis;
	}

	private static Map<String, Object> spaceAxis(String id, Object size) {
		Map<String, Object> axis = map("type", "space");
		axis.put("id", id);
		axis.put("size", size);
		return axis;
	}

	private static Map<String, Object> outputAxis(String id, int halo) {
		Map<String, Object> ref = map("tensor_id", INPUT_ID);
		ref.put("axis_id", id);
		Map<String, Object> axis = spaceAxis(id, ref);
		axis.put("halo", halo);
		return axis;
	}

	private static Map<String, Object> file(Path work, String name)
		throws IOException
	{
		Map<String, Object> m = map("source", name);
		m.put("sha256", Sha256.of(work.resolve(name)));
		return m;
	}

	static Map<String, Object> map(String key, Object value) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put(key, value);
		return m;
	}
}
