
package sc.fiji.cenet.io;

import java.io.IOException;
import java.nio.file.Path;

import sc.fiji.cenet.model.StateDict;

/**
 * NumPy's {@code .npz}: a zip of {@code <key>.npy} arrays, as
 * {@code numpy.savez} (stored) and {@code numpy.savez_compressed} (deflated)
 * write it; the usual way to hand a PyTorch state_dict to Java:
 * {@code np.savez("w.npz", **{k: v.cpu().numpy() for k, v in sd.items()})}.
 */
public final class Npz {

	private static final String DESCRIPTION = "NumPy .npz archive";

	private Npz() {}

	/**
	 * Reads every {@code .npy} entry, in zip order, as float32. Entries whose key
	 * ends with {@code num_batches_tracked} (BatchNorm's int64 step counters,
	 * irrelevant for the network's output) and entries that are no {@code .npy}
	 * arrays are skipped.
	 */
	public static StateDict read(Path file) throws IOException {
		try (TensorArchive.Reader archive = TensorArchive.Reader.open(file,
			DESCRIPTION))
		{
			StateDict all = archive.tensors("");
			StateDict dict = new StateDict();
			for (String key : all.names()) {
				if (StateDictImport.isStepCounter(key)) continue;
				StateDict.Entry e = all.get(key);
				dict.put(key, e.shape(), e.data());
			}
			return dict;
		}
	}

	/**
	 * Writes {@code dict} atomically as an uncompressed {@code .npz} that
	 * {@code numpy.load} reads.
	 */
	public static void write(Path file, StateDict dict) throws IOException {
		AtomicFiles.write(file, out -> {
			try (TensorArchive.Writer archive = new TensorArchive.Writer(out)) {
				archive.tensors("", dict);
			}
		});
	}
}
