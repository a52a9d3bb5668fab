
package sc.fiji.cenet.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Paths;

/**
 * What the running JVM has used so far: peak resident memory and CPU time
 * (Linux).
 */
final class ProcessStats {

	private ProcessStats() {}

	/**
	 * {@code VmHWM} of /proc/self/status: the largest resident set size this
	 * process has had, in bytes.
	 */
	static long peakRssBytes() {
		return status("VmHWM");
	}

	/** {@code VmRSS}: the resident set size now, in bytes. */
	static long rssBytes() {
		return status("VmRSS");
	}

	/**
	 * {@code RssFile}: resident pages mapped from files now, mostly the native
	 * libraries' code (TF's, ONNX Runtime's, the JVM's), in bytes.
	 */
	static long rssFileBytes() {
		return status("RssFile");
	}

	private static long status(String key) {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status")))
				if (line.startsWith(key + ":")) return 1024 * Long.parseLong(line
					.replaceAll("[^0-9]", ""));
		}
		catch (IOException e) {
			throw new IllegalStateException(
				"cannot read /proc/self/status (the benchmark needs Linux)", e);
		}
		throw new IllegalStateException("no " + key + " in /proc/self/status");
	}

	/** Bytes of Java heap the JVM has taken from the OS (part of the RSS). */
	static long heapCommittedBytes() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage()
			.getCommitted();
	}

	/**
	 * User + system CPU time of all threads of this process, native (TF) threads
	 * included.
	 */
	static double cpuSeconds() {
		java.lang.management.OperatingSystemMXBean os = ManagementFactory
			.getOperatingSystemMXBean();
		if (!(os instanceof com.sun.management.OperatingSystemMXBean))
			throw new IllegalStateException(
				"this JVM does not report process CPU time");
		return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() *
			1e-9;
	}

	/** Seconds since the JVM started. */
	static double uptimeSeconds() {
		return ManagementFactory.getRuntimeMXBean().getUptime() * 1e-3;
	}

	static double gib(long bytes) {
		return bytes / (double) (1L << 30);
	}
}
