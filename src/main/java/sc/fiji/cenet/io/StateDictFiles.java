
package sc.fiji.cenet.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

import sc.fiji.cenet.model.StateDict;

/**
 * Reads a PyTorch state_dict from the files it travels in: NumPy {@code .npz}
 * ({@link Npz}) or what {@code torch.save} writes ({@code .pth}, {@code .pt},
 * {@code .th}; {@link TorchCheckpoint}), in the zip format of PyTorch 1.6 and
 * later or the older legacy format. The format is chosen by content, not by
 * name: a zip with a {@code data.pkl} is a torch zip, any other zip an
 * {@code .npz}, a pickle stream a legacy torch file.
 * <p>
 * Torch files are read by a restricted pickle reader that builds only dicts,
 * lists, tuples, numbers, strings and tensors, and refuses every other global
 * (such as {@code os.system} or a model class): nothing in the file is run.
 * Tensors of any float type (float32, float16, bfloat16, float64) or integer
 * type are converted to float32, in C order; BatchNorm's
 * {@code num_batches_tracked} counters are skipped.
 */
public final class StateDictFiles {

	private static final String DESCRIPTION = "NumPy .npz or PyTorch checkpoint";

	private StateDictFiles() {}

	/**
	 * Reads the state_dict in {@code file}: named float32 tensors, in the file's
	 * order.
	 *
	 * @throws IOException naming the file and what is wrong with it, e.g.
	 *           "refuses to load 'posix system'" for a pickle naming a function
	 *           that is no part of a state_dict
	 */
	public static StateDict read(Path file) throws IOException {
		if (!Files.exists(file)) throw new NoSuchFileException(file.toString(),
			null, "no such file");
		if (Files.isDirectory(file)) throw new IOException(file +
			" is a folder, not a .npz or PyTorch file");
		byte[] start;
		try (InputStream in = Files.newInputStream(file)) {
			start = in.readNBytes(4);
		}
		if (start.length == 4 && start[0] == 'P' && start[1] == 'K') {
			try (TensorArchive.Reader archive = TensorArchive.Reader.open(file,
				DESCRIPTION))
			{
				String pickle = TorchCheckpoint.pickleEntry(archive);
				if (pickle != null) return TorchCheckpoint.readZip(archive, pickle);
			}
			return Npz.read(file);
		}
		if (TorchCheckpoint.looksLegacy(start)) return TorchCheckpoint.readLegacy(
			file);
		throw new IOException(file +
			" is neither a NumPy .npz nor a PyTorch checkpoint (.pth, .pt or .th written by torch.save)");
	}
}
