
package sc.fiji.cenet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;

import org.tensorflow.TensorFlow;

import sc.fiji.cenet.model.CpuInfo;
import sc.fiji.cenet.model.OneDnnSwitch;
import sc.fiji.cenet.model.ProcessorFamily;
import sc.fiji.cenet.model.TfLibraryPages;
import sc.fiji.cenet.model.TfRuntime;

/**
 * The machine, JVM, TF and load a benchmark ran with: one line before the
 * results.
 */
final class BenchmarkHeader {

	private BenchmarkHeader() {}

	static String line(String name) {
		return String.format(Locale.ROOT,
			"BENCH %s nproc=%d cpu=\"%s\" %s family=%s jvm=\"%s %s\" tf=%s" +
				" onednn=\"%s\" library_pages=\"%s\" intra_op_threads=%d" +
				" inter_op_threads=%d loadavg=\"%s\"", name, Runtime.getRuntime()
					.availableProcessors(), cpuModel(), processor(), ProcessorFamily
						.current(), System.getProperty("java.vm.name"), System.getProperty(
							"java.runtime.version"), tf(), OneDnnSwitch.apply(),
			TfLibraryPages.outcome(), TfRuntime.threads(), TfRuntime.config(false,
				false).getInterOpParallelismThreads(), loadAverage());
	}

	/** TF's version, its natives loaded as CE-Net loads them. */
	private static String tf() {
		TfRuntime.loadNatives();
		return TensorFlow.version();
	}

	/**
	 * The 1, 5 and 15 minute load averages: above 0 while others share the cores.
	 */
	static String loadAverage() {
		try {
			String[] f = Files.readString(Paths.get("/proc/loadavg")).trim().split(
				" ");
			return f[0] + " " + f[1] + " " + f[2];
		}
		catch (IOException e) {
			return "unknown";
		}
	}

	/**
	 * ISA extensions that decide which fp32/bf16 kernels oneDNN and PyTorch can
	 * use.
	 */
	private static final String[] ISA = { "avx2", "fma", "avx512f", "avx512_vnni",
		"avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "amx_int8",
		"amx_fp16" };

	/**
	 * The processor from /proc/cpuinfo:
	 * {@code cpu_id="vendor family/model/stepping"}, {@code isa=} the extensions
	 * of {@link #ISA} it has and {@code isa_missing=} those it lacks (a
	 * hypervisor may hide some, e.g. AMX, that the chip has).
	 */
	static String processor() {
		String vendor = "unknown", family = "?", model = "?", stepping = "?";
		List<String> lines = CpuInfo.lines();
		if (lines.isEmpty()) return "cpu_id=unknown";
		for (String line : lines) {
			int colon = line.indexOf(':');
			if (colon < 0) continue;
			String key = line.substring(0, colon).trim(), value = line.substring(
				colon + 1).trim();
			// the first processor is enough
			if (key.equals("processor") && !vendor.equals("unknown")) break;
			if (key.equals("vendor_id")) vendor = value;
			else if (key.equals("cpu family")) family = value;
			else if (key.equals("model")) model = value;
			else if (key.equals("stepping")) stepping = value;
		}
		List<String> flags = CpuInfo.flags();
		java.util.StringJoiner has = new java.util.StringJoiner(","), lacks =
			new java.util.StringJoiner(",");
		for (String f : ISA)
			(flags.contains(f) ? has : lacks).add(f);
		return String.format(Locale.ROOT,
			"cpu_id=\"%s %s/%s/%s\" isa=%s isa_missing=%s", vendor, family, model,
			stepping, has.length() > 0 ? has : "none", lacks.length() > 0 ? lacks
				: "none");
	}

	private static String cpuModel() {
		for (String line : CpuInfo.lines())
			if (line.startsWith("model name")) return line.substring(line.indexOf(
				':') + 1).trim();
		return "unknown"; // not Linux: the model is only informative
	}
}
