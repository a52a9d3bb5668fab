package sc.fiji.cenet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;

import org.tensorflow.TensorFlow;

import sc.fiji.cenet.model.TfRuntime;

/** The machine, JVM, TF and load a benchmark ran with: one line before the results. */
final class BenchmarkHeader {
	private BenchmarkHeader() { }

	static String line(String name) {
		return String.format(Locale.ROOT, "BENCH %s nproc=%d cpu=\"%s\" jvm=\"%s %s\" tf=%s intra_op_threads=%d"
			+ " inter_op_threads=%d loadavg=\"%s\"", name, Runtime.getRuntime().availableProcessors(), cpuModel(),
			System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"), TensorFlow.version(),
			TfRuntime.threads(), TfRuntime.config(false, false).getInterOpParallelismThreads(), loadAverage());
	}

	/** The 1, 5 and 15 minute load averages: above 0 while others share the cores. */
	static String loadAverage() {
		try {
			String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split(" ");
			return f[0] + " " + f[1] + " " + f[2];
		}
		catch (IOException e) {
			return "unknown";
		}
	}

	private static String cpuModel() {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/cpuinfo")))
				if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
		}
		catch (IOException e) {
			// not Linux: the model is only informative
		}
		return "unknown";
	}
}
