
package sc.fiji.cenet.io;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.cenet.model.CENetArchitecture;
import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;

/**
 * Turns a state_dict from PyTorch (read e.g. with {@link Npz}) into the weights
 * of a CE-Net of a given {@link CENetConfig}: checks that it is complete and
 * correctly shaped, and puts it in architecture order.
 * <p>
 * Two sources are understood: a full {@code CE_Net_} state_dict
 * ({@link #full}), and for the encoder alone ({@link #encoder}) a torchvision
 * ResNet-34 or any CE-Net state_dict. A leading {@code module.} (left by
 * {@code nn.DataParallel}) is removed from every key, and BatchNorm's
 * {@code num_batches_tracked} counters are ignored. Weights holding NaN or
 * infinite values are refused. Errors are {@link IllegalArgumentException}s
 * naming the source and the first offending key.
 * <p>
 * The results share the imported float arrays (no copy).
 */
public final class StateDictImport {

	private static final String DATA_PARALLEL_PREFIX = "module.";
	private static final String STEP_COUNTER = "num_batches_tracked";
	private static final String FIRST_CONV = "firstconv.weight";
	private static final String LAST_CONV = "finalconv3.weight";
	private static final String TORCHVISION_FIRST_CONV = "conv1.weight";
	private static final Pattern TORCHVISION_LAYER = Pattern.compile(
		"layer([1-4])\\.(.*)");
	private static final Pattern CENET_ENCODER = Pattern.compile(
		"encoder([1-4])\\.(.*)");

	private StateDictImport() {}

	/**
	 * The complete weights of a CE-Net with {@code config}, from a
	 * {@code CE_Net_} state_dict.
	 *
	 * @param source the file the dict came from, for messages
	 * @throws IllegalArgumentException naming the first missing or mis-shaped key
	 *           in architecture order, else the first unexpected key
	 */
	public static StateDict full(StateDict imported, CENetConfig config,
		String source)
	{
		StateDict in = stripDataParallel(imported, source);
		Map<String, long[]> expected = new CENetArchitecture(config).shapes();
		StateDict out = new StateDict();
		for (Map.Entry<String, long[]> e : expected.entrySet()) {
			StateDict.Entry t = in.get(e.getKey());
			if (t == null) throw new IllegalArgumentException(source +
				": missing key " + e.getKey() + torchvisionHint(in));
			checkShape(source, e.getKey(), t.shape(), e.getValue());
			out.put(e.getKey(), t.shape(), t.data());
		}
		for (String key : in.names())
			if (!expected.containsKey(key) && !isStepCounter(key)) throw unexpected(
				source, key, "not a CE-Net state_dict?");
		requireFinite(out, source);
		return out;
	}

	/**
	 * For a reader that takes a model's tensors one at a time: each CE-Net
	 * parameter name of {@code config}, in architecture order, with the key the
	 * source gives it ({@code module.} prefixes allowed), checked as
	 * {@link #full} checks the keys; values are checked as they are read
	 * ({@link #checkedTensor}).
	 *
	 * @throws IllegalArgumentException naming the source and the first missing
	 *           key, else the first unexpected one
	 */
	static Map<String, String> keysOfFull(Iterable<String> keys,
		CENetConfig config, String source)
	{
		Map<String, String> sourceKey = new LinkedHashMap<>();
		for (String key : keys) {
			String name = key.startsWith(DATA_PARALLEL_PREFIX) ? key.substring(
				DATA_PARALLEL_PREFIX.length()) : key;
			if (sourceKey.put(name, key) != null) throw new IllegalArgumentException(
				source + ": key " + name + " occurs both with and without the '" +
					DATA_PARALLEL_PREFIX + "' prefix");
		}
		Map<String, long[]> expected = new CENetArchitecture(config).shapes();
		Map<String, String> out = new LinkedHashMap<>();
		for (String name : expected.keySet()) {
			if (!sourceKey.containsKey(name)) throw new IllegalArgumentException(
				source + ": missing key " + name + (sourceKey.containsKey(
					TORCHVISION_FIRST_CONV) && !sourceKey.containsKey(FIRST_CONV)
						? " (this looks like a torchvision ResNet state_dict: import it as encoder weights)"
						: ""));
			out.put(name, sourceKey.get(name));
		}
		for (String name : sourceKey.keySet())
			if (!expected.containsKey(name) && !isStepCounter(name)) throw unexpected(
				source, name, "not a CE-Net state_dict?");
		return out;
	}

	/**
	 * A full CE-Net state_dict handed out one tensor at a time (e.g. read from
	 * TensorFlow as it is written to a file), checked as {@link #full} checks a
	 * whole one: each tensor as it passes ({@link #checkedTensor}), and at the
	 * end that none is missing. The source's names must be the plain ones (no
	 * {@code module.} prefix).
	 *
	 * @throws IllegalArgumentException naming the source and the first
	 *           unexpected, repeated, mis-shaped or non-finite tensor, else the
	 *           first missing one
	 */
	static StateDict.EntrySource checkedFull(StateDict.EntrySource tensors,
		CENetConfig config, String source)
	{
		return sink -> {
			Map<String, long[]> missing = new LinkedHashMap<>(new CENetArchitecture(
				config).shapes());
			tensors.forEach((name, t) -> {
				long[] expected = missing.remove(name);
				if (expected == null) throw unexpected(source, name, "not a CE-Net " +
					config + " state_dict, or a second time");
				sink.accept(name, checkedTensor(source, name, t, expected));
			});
			if (!missing.isEmpty()) throw new IllegalArgumentException(source +
				": missing key " + missing.keySet().iterator().next());
		};
	}

	/**
	 * One tensor of a full CE-Net state_dict, checked as {@link #full} checks it:
	 * its shape, and finite values.
	 *
	 * @throws IllegalArgumentException naming the source and the key
	 */
	static StateDict.Entry checkedTensor(String source, String name,
		StateDict.Entry tensor, long[] expected)
	{
		checkShape(source, name, tensor.shape(), expected);
		requireFinite(new StateDict().put(name, tensor.shape(), tensor.data()),
			source);
		return tensor;
	}

	/**
	 * The encoder weights ({@link CENetArchitecture#isEncoder}) of a CE-Net with
	 * {@code config}, in architecture order, from a torchvision ResNet-34
	 * state_dict ({@code conv1}, {@code bn1}, {@code layer1..4}; the classifier
	 * {@code fc} is ignored) or from a CE-Net state_dict (its non-encoder weights
	 * are ignored, whatever their shapes).
	 * <p>
	 * For a 1-channel target, 3-channel first-convolution weights are summed over
	 * the input channels: a gray image then gets the response that an RGB image
	 * with R = G = B would, the usual way to reuse ImageNet weights on gray
	 * input.
	 *
	 * @throws IllegalArgumentException naming the source and the first missing or
	 *           mis-shaped key (as the source calls it), else the first
	 *           unexpected key
	 */
	public static StateDict encoder(StateDict imported, CENetConfig config,
		String source)
	{
		StateDict in = stripDataParallel(imported, source);
		boolean torchvision;
		if (in.contains(FIRST_CONV)) torchvision = false;
		else if (in.contains(TORCHVISION_FIRST_CONV)) torchvision = true;
		else throw new IllegalArgumentException(source +
			": neither a ResNet-34 (no " + TORCHVISION_FIRST_CONV +
			") nor a CE-Net (no " + FIRST_CONV + ") state_dict");

		Map<String, long[]> architecture = new CENetArchitecture(config).shapes();
		Map<String, String> sourceKeys = new LinkedHashMap<>(); // CE-Net name ->
																														// key in the source
		String firstUnexpected = null;
		for (String key : in.names()) {
			if (isStepCounter(key) || torchvision && key.startsWith("fc.")) continue;
			String name = torchvision ? torchvisionToCENet(key) : key;
			boolean known = architecture.containsKey(name) && (CENetArchitecture
				.isEncoder(name) || !torchvision);
			if (!known) {
				if (firstUnexpected == null) firstUnexpected = key;
			}
			else if (CENetArchitecture.isEncoder(name)) sourceKeys.put(name, key);
		}

		StateDict out = new StateDict();
		for (Map.Entry<String, long[]> e : architecture.entrySet()) {
			String name = e.getKey();
			if (!CENetArchitecture.isEncoder(name)) continue;
			String key = sourceKeys.get(name);
			if (key == null) throw new IllegalArgumentException(source +
				": missing key " + (torchvision ? cenetToTorchvision(name) : name));
			StateDict.Entry t = in.get(key);
			if (name.equals(FIRST_CONV) && config.inputChannels() == 1 && t
				.rank() == 4 && t.shape()[1] == 3) t = sumInputChannels(t);
			checkShape(source, key, t.shape(), e.getValue());
			out.put(name, t.shape(), t.data());
		}
		if (firstUnexpected != null) throw unexpected(source, firstUnexpected,
			"not a ResNet-34 or CE-Net state_dict?");
		requireFinite(out, source);
		return out;
	}

	/**
	 * The configuration a full CE-Net state_dict was trained with: input channels
	 * from {@code firstconv.weight}, classes from {@code finalconv3.weight}.
	 */
	public static CENetConfig inferConfig(StateDict imported, String source) {
		StateDict in = stripDataParallel(imported, source);
		StateDict.Entry first = in.get(FIRST_CONV), last = in.get(LAST_CONV);
		if (first == null) throw new IllegalArgumentException(source + ": no " +
			FIRST_CONV + "; not a CE-Net state_dict" + torchvisionHint(in));
		if (last == null) throw new IllegalArgumentException(source + ": no " +
			LAST_CONV + "; not a complete CE-Net state_dict");
		if (first.rank() != 4) throw new IllegalArgumentException(source + ": " +
			FIRST_CONV + " has shape " + Arrays.toString(first.shape()) +
			", expected 4 dimensions");
		if (last.rank() != 4) throw new IllegalArgumentException(source + ": " +
			LAST_CONV + " has shape " + Arrays.toString(last.shape()) +
			", expected 4 dimensions");
		try {
			return new CENetConfig((int) first.shape()[1], (int) last.shape()[0]);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
		}
	}

	/**
	 * A copy of {@code full} (values copied too) in which the entries of
	 * {@code partial}, e.g. imported encoder weights, replace their namesakes.
	 *
	 * @throws IllegalArgumentException if {@code partial} has a key that
	 *           {@code full} lacks, or a different shape
	 */
	public static StateDict merge(StateDict full, StateDict partial) {
		for (String name : partial.names()) {
			StateDict.Entry target = full.get(name);
			if (target == null) throw new IllegalArgumentException("cannot merge " +
				name + ": the full state_dict has no such key");
			checkShape("cannot merge", name, partial.get(name).shape(), target
				.shape());
		}
		StateDict out = new StateDict();
		for (String name : full.names()) {
			StateDict.Entry e = partial.contains(name) ? partial.get(name) : full.get(
				name);
			out.put(name, e.shape(), e.data().clone());
		}
		return out;
	}

	/**
	 * Refuses weights holding NaN or infinite values: a network computes NaN from
	 * them, and prediction would write NaN probabilities or empty masks.
	 *
	 * @throws IllegalArgumentException naming the source and the first such
	 *           tensor
	 */
	public static void requireFinite(StateDict weights, String source) {
		for (String key : weights.names()) {
			for (float v : weights.get(key).data()) {
				if (Float.isFinite(v)) continue;
				throw new IllegalArgumentException(source + ": " + key + " holds " +
					(Float.isNaN(v) ? "NaN" : "infinite") +
					" values; the weights are damaged (export or train them again)");
			}
		}
	}

	/**
	 * Whether a key is a BatchNorm step counter, which has no effect on the
	 * output.
	 */
	static boolean isStepCounter(String key) {
		return key.endsWith(STEP_COUNTER);
	}

	private static StateDict stripDataParallel(StateDict in, String source) {
		StateDict out = new StateDict();
		for (String key : in.names()) {
			String name = key.startsWith(DATA_PARALLEL_PREFIX) ? key.substring(
				DATA_PARALLEL_PREFIX.length()) : key;
			if (out.contains(name)) throw new IllegalArgumentException(source +
				": key " + name + " occurs both with and without the '" +
				DATA_PARALLEL_PREFIX + "' prefix");
			StateDict.Entry e = in.get(key);
			out.put(name, e.shape(), e.data());
		}
		return out;
	}

	private static String torchvisionToCENet(String key) {
		if (key.startsWith("conv1.")) return "firstconv." + key.substring("conv1."
			.length());
		if (key.startsWith("bn1.")) return "firstbn." + key.substring("bn1."
			.length());
		Matcher m = TORCHVISION_LAYER.matcher(key);
		return m.matches() ? "encoder" + m.group(1) + "." + m.group(2) : key;
	}

	private static String cenetToTorchvision(String name) {
		if (name.startsWith("firstconv.")) return "conv1." + name.substring(
			"firstconv.".length());
		if (name.startsWith("firstbn.")) return "bn1." + name.substring("firstbn."
			.length());
		Matcher m = CENET_ENCODER.matcher(name);
		return m.matches() ? "layer" + m.group(1) + "." + m.group(2) : name;
	}

	/** [64, 3, k, k] to [64, 1, k, k]: sum over the input-channel axis. */
	private static StateDict.Entry sumInputChannels(StateDict.Entry w) {
		long[] shape = w.shape();
		int out = (int) shape[0], in = (int) shape[1], plane = (int) (shape[2] *
			shape[3]);
		float[] src = w.data(), sum = new float[out * plane];
		for (int o = 0; o < out; o++)
			for (int i = 0; i < in; i++)
				for (int p = 0; p < plane; p++)
					sum[o * plane + p] += src[(o * in + i) * plane + p];
		return new StateDict.Entry(new long[] { out, 1, shape[2], shape[3] }, sum);
	}

	private static void checkShape(String source, String key, long[] actual,
		long[] expected)
	{
		if (!Arrays.equals(actual, expected)) throw new IllegalArgumentException(
			source + ": key " + key + " has shape " + Arrays.toString(actual) +
				", expected " + Arrays.toString(expected));
	}

	private static IllegalArgumentException unexpected(String source, String key,
		String hint)
	{
		return new IllegalArgumentException(source + ": unexpected key " + key +
			" (" + hint + ")");
	}

	private static String torchvisionHint(StateDict in) {
		return in.contains(TORCHVISION_FIRST_CONV) && !in.contains(FIRST_CONV)
			? " (this looks like a torchvision ResNet state_dict: import it as encoder weights)"
			: "";
	}
}
