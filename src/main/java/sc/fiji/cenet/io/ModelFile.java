
package sc.fiji.cenet.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;

/**
 * The CE-Net model file ({@value #EXTENSION}): one zip holding
 * <ul>
 * <li>{@value #PROPERTIES_ENTRY}: {@code format=cenet-model},
 * {@code format_version}, {@code software_version} (of the writer),
 * {@code input_channels}, {@code classes} and the model's metadata;</li>
 * <li>{@code weights/<name>.npy}: each tensor as float32 in PyTorch layout, in
 * architecture order, so that Python reads the file with {@code zipfile} +
 * {@code numpy.load};</li>
 * <li>{@value #HISTORY_ENTRY}: the training history.</li>
 * </ul>
 * Saving is atomic: an interrupted save leaves the previous file intact.
 */
public final class ModelFile {

	public static final String EXTENSION = ".cenet";
	public static final int FORMAT_VERSION = 1;

	static final String PROPERTIES_ENTRY = "cenet-model.properties";
	static final String WEIGHTS_PREFIX = "weights/";
	static final String HISTORY_ENTRY = "history.csv";
	static final String INPUT_CHANNELS_KEY = "input_channels";
	static final String CLASSES_KEY = "classes";

	static final TensorArchive.Format FORMAT = new TensorArchive.Format(
		"CE-Net model", "model format", PROPERTIES_ENTRY, "cenet-model",
		FORMAT_VERSION);
	private static final String DESCRIPTION = FORMAT.description;

	private ModelFile() {}

	/**
	 * Saves {@code model} atomically.
	 *
	 * @throws IllegalArgumentException if the metadata use a key of the file
	 *           itself ({@code format}, {@code format_version},
	 *           {@code input_channels}, {@code classes}); a
	 *           {@code software_version} key is replaced by this plugin's
	 */
	public static void save(Path file, TrainedModel model) throws IOException {
		if (!model.hasWeights()) throw new IllegalArgumentException("cannot save " +
			file.getFileName() +
			": the model description holds no weights (an open model keeps them in TensorFlow only)");
		write(file, model, model.weights().asSource()); // checked when the model
																										// was made
	}

	/**
	 * Writes a model atomically: configuration, metadata and history of
	 * {@code model} (its weights, if any, are not used), the weights as
	 * {@code weights} hands them out (e.g. read from TensorFlow a few at a time,
	 * so that no heap copy of them all is made).
	 *
	 * @throws IllegalArgumentException, leaving no file, for weights that
	 *           {@link TrainedModel} would refuse: one the configuration lacks,
	 *           one twice, one with another shape or non-finite values, or not
	 *           all of them
	 */
	public static void save(Path file, TrainedModel model,
		StateDict.EntrySource weights) throws IOException
	{
		write(file, model, StateDictImport.checkedFull(weights, model.config(),
			"model weights"));
	}

	private static void write(Path file, TrainedModel model,
		StateDict.EntrySource weights) throws IOException
	{
		Properties metadata = model.metadata();
		for (String key : new String[] { INPUT_CHANNELS_KEY, CLASSES_KEY })
			if (metadata.containsKey(key)) throw new IllegalArgumentException(
				"metadata key '" + key + "' is reserved by the " + DESCRIPTION +
					" file");
		metadata.setProperty(INPUT_CHANNELS_KEY, Integer.toString(model.config()
			.inputChannels()));
		metadata.setProperty(CLASSES_KEY, Integer.toString(model.config()
			.classes()));
		Properties header = FORMAT.header(metadata);
		StringWriter history = new StringWriter();
		model.history().writeCsv(history);
		AtomicFiles.write(file, out -> {
			try (TensorArchive.Writer archive = new TensorArchive.Writer(out)) {
				archive.properties(PROPERTIES_ENTRY, header, "CE-Net for Fiji model");
				archive.tensors(WEIGHTS_PREFIX, weights);
				archive.text(HISTORY_ENTRY, history.toString());
			}
		});
	}

	/**
	 * Loads a model file. The returned metadata hold every property except
	 * {@code format}, {@code format_version}, {@code input_channels} and
	 * {@code classes}; {@code software_version} tells which version wrote it.
	 *
	 * @throws IOException if the file is not a zip or damaged ("not a readable
	 *           CE-Net model (corrupt or truncated)"), another kind of file ("not
	 *           a CE-Net model file"), of a newer format ("please update the
	 *           plugin"), or its weights do not fit its configuration
	 */
	public static TrainedModel load(Path file) throws IOException {
		try (WeightReader reader = openWeights(file)) {
			TrainedModel description = reader.description();
			StateDict weights = new StateDict();
			for (Map.Entry<String, long[]> p : new CENetArchitecture(description
				.config()).shapes().entrySet())
				weights.put(p.getKey(), p.getValue(), reader.weight(p.getKey()).data());
			return new TrainedModel(description.config(), weights, description
				.metadata(), description.history());
		}
		catch (UncheckedIOException e) { // a damaged weight
			throw e.getCause();
		}
	}

	/**
	 * The metadata of a model file, as {@link #load} gives them, read without its
	 * weights: for what a model says about itself (e.g. its
	 * {@link TrainedModel#threshold(Properties) threshold}) without the memory of
	 * a whole model.
	 *
	 * @throws IOException as {@link #load} for a file that is no readable model
	 *           file, of another kind or of a newer format
	 */
	public static Properties loadMetadata(Path file) throws IOException {
		try (TensorArchive.Reader archive = TensorArchive.Reader.open(file,
			DESCRIPTION))
		{
			if (!archive.contains(PROPERTIES_ENTRY) && archive.contains(
				Checkpoint.PROPERTIES_ENTRY)) throw new IOException(file +
					" is a CE-Net training checkpoint, not a model file");
			return metadataOf(archive.header(FORMAT));
		}
	}

	/** The model's metadata: the header without the file's own keys. */
	private static Properties metadataOf(Properties header) {
		Properties metadata = new Properties();
		metadata.putAll(header);
		for (String key : new String[] { TensorArchive.Format.FORMAT_KEY,
			TensorArchive.Format.VERSION_KEY, INPUT_CHANNELS_KEY, CLASSES_KEY })
			metadata.remove(key);
		return metadata;
	}

	/**
	 * Opens a model file for reading its weights one at a time: to load a model
	 * into TensorFlow without a whole copy of its weights on the heap. The file
	 * is refused here as {@link #load} refuses it (format, keys, metadata); each
	 * weight's shape and values are checked when it is read.
	 *
	 * @throws IOException as {@link #load}
	 */
	public static WeightReader openWeights(Path file) throws IOException {
		TensorArchive.Reader archive = TensorArchive.Reader.open(file, DESCRIPTION);
		try {
			if (!archive.contains(PROPERTIES_ENTRY) && archive.contains(
				Checkpoint.PROPERTIES_ENTRY)) throw new IOException(file +
					" is a CE-Net training checkpoint, not a model file");
			Properties properties = archive.header(FORMAT);
			CENetConfig config = config(properties, archive);
			Map<String, String> entries;
			try {
				entries = StateDictImport.keysOfFull(archive.tensorKeys(WEIGHTS_PREFIX),
					config, file.toString());
			}
			catch (IllegalArgumentException e) {
				throw new IOException(e.getMessage(), e);
			}
			TrainedModel description;
			try {
				description = TrainedModel.withoutWeights(config, metadataOf(
					properties), history(archive));
			}
			catch (IllegalArgumentException e) { // metadata the getters cannot read
				throw new IOException(file + ": " + e.getMessage(), e);
			}
			return new WeightReader(archive, description, entries);
		}
		catch (IOException | RuntimeException e) {
			archive.close();
			throw e;
		}
	}

	/**
	 * A model file's description and its weights, read one at a time
	 * ({@link #openWeights}).
	 */
	public static final class WeightReader implements java.io.Closeable {

		private final TensorArchive.Reader archive;
		private final TrainedModel description;
		private final Map<String, String> entries;
		private final Map<String, long[]> shapes;

		private WeightReader(TensorArchive.Reader archive, TrainedModel description,
			Map<String, String> entries)
		{
			this.archive = archive;
			this.description = description;
			this.entries = entries;
			this.shapes = new CENetArchitecture(description.config()).shapes();
		}

		/** Configuration, metadata and history, without weights. */
		public TrainedModel description() {
			return description;
		}

		/**
		 * One weight (PyTorch layout), read from the file now.
		 *
		 * @throws java.io.UncheckedIOException with the message {@link #load} would
		 *           give: a damaged entry, a wrong shape, NaN or infinite values
		 * @throws IllegalArgumentException for a name that is no weight of the
		 *           model
		 */
		public StateDict.Entry weight(String name) {
			return weight(name, float[]::new);
		}

		/**
		 * The weights as {@link #weight} reads them, except that a large one
		 * ({@value #REUSED_FROM} values or more) is read into the array the
		 * previous read of a weight of its length used: for a loader that is done
		 * with each weight before it asks for the next (a model opened in
		 * TensorFlow), which then leaves no garbage of the weights' size.
		 */
		public java.util.function.Function<String, StateDict.Entry>
			weightsInReusedArrays()
		{
			sc.fiji.cenet.model.ReusedArrays arrays =
				new sc.fiji.cenet.model.ReusedArrays(REUSED_FROM);
			return name -> weight(name, arrays);
		}

		/**
		 * From this many values a weight's array is reused: CE-Net's larger convs
		 * (36,864 values is a 64 x 64 3 x 3).
		 */
		private static final int REUSED_FROM = 1 << 16;

		private StateDict.Entry weight(String name,
			java.util.function.IntFunction<float[]> arrays)
		{
			String key = entries.get(name);
			if (key == null) throw new IllegalArgumentException("a CE-Net " +
				description.config() + " has no weight " + name);
			try {
				return StateDictImport.checkedTensor(archive.file().toString(), name,
					archive.tensor(WEIGHTS_PREFIX + key + TensorArchive.NPY, arrays),
					shapes.get(name));
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			catch (IllegalArgumentException e) {
				throw new UncheckedIOException(new IOException(e.getMessage(), e));
			}
		}

		@Override
		public void close() throws IOException {
			archive.close();
		}
	}

	/**
	 * An absent history (e.g. a file converted from PyTorch by a script) reads as
	 * an empty one.
	 */
	private static TrainingHistory history(TensorArchive.Reader archive)
		throws IOException
	{
		if (!archive.contains(HISTORY_ENTRY)) return new TrainingHistory();
		String csv = archive.text(HISTORY_ENTRY);
		try {
			return TrainingHistory.readCsv(new StringReader(csv));
		}
		catch (IOException e) {
			throw new IOException(archive.file() + ": " + e.getMessage(), e);
		}
	}

	private static CENetConfig config(Properties p, TensorArchive.Reader archive)
		throws IOException
	{
		try {
			return new CENetConfig(intProperty(p, INPUT_CHANNELS_KEY, archive),
				intProperty(p, CLASSES_KEY, archive));
		}
		catch (IllegalArgumentException e) {
			throw archive.corrupt(e.getMessage(), e);
		}
	}

	private static int intProperty(Properties p, String key,
		TensorArchive.Reader archive) throws IOException
	{
		String v = p.getProperty(key);
		if (v == null) throw archive.corrupt(PROPERTIES_ENTRY + " has no " + key,
			null);
		try {
			return Integer.parseInt(v.trim());
		}
		catch (NumberFormatException e) {
			throw archive.corrupt(PROPERTIES_ENTRY + ": invalid " + key + " '" + v +
				"'", e);
		}
	}
}
