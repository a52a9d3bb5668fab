
package sc.fiji.cenet.ij;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A one-node SLURM on this machine, for the README's job arrays: munged,
 * slurmctld and slurmd in the foreground as children of the test, with a munge
 * key, a {@code slurm.conf} and all their state in a folder of their own (and
 * munged's socket in a temporary folder of its own; nothing under /etc or /run
 * is read or written, and ports are free ones, so a SLURM or munge of the
 * machine is left alone). The node is this machine as {@code slurmd -C} sees
 * it: its real CPUs and memory.
 * <p>
 * slurmd must run as root (it starts jobs as their users), so this needs root;
 * {@link #missing()} says why it cannot run.
 * </p>
 */
final class LocalSlurm implements AutoCloseable {

	/**
	 * Debian's slurm-wlm and munge; the daemons are in /usr/sbin, which a user's
	 * PATH may lack.
	 */
	private static final List<String> PROGRAMS = Arrays.asList("munged",
		"slurmctld", "slurmd", "sbatch", "squeue", "sinfo");

	private final Path dir;
	private final Map<String, String> env = new LinkedHashMap<>();
	private final List<Process> daemons = new ArrayList<>();
	private Path socketDir;

	private LocalSlurm(final Path dir) {
		this.dir = dir;
	}

	/** Why a local SLURM cannot run here, or null when it can. */
	static String missing() {
		final List<String> absent = new ArrayList<>();
		for (final String p : PROGRAMS)
			if (program(p) == null) absent.add(p);
		if (!absent.isEmpty()) return "SLURM or munge is not installed (no " +
			String.join(", ", absent) +
			"; on Debian: apt-get install slurm-wlm munge, as .ci/run does)";
		if (!"root".equals(System.getProperty("user.name")))
			return "slurmd must run as root to start jobs " + "(running as " + System
				.getProperty("user.name") + ")";
		return null;
	}

	/**
	 * Starts munged, slurmctld and slurmd in {@code dir} and waits until the node
	 * is idle.
	 */
	static LocalSlurm start(final Path dir) throws IOException,
		InterruptedException
	{
		final LocalSlurm slurm = new LocalSlurm(dir);
		try {
			slurm.startDaemons();
		}
		catch (final IOException | InterruptedException | RuntimeException
				| Error e)
		{
			try {
				slurm.close();
			}
			catch (final IOException closing) {
				e.addSuppressed(closing);
			}
			throw e;
		}
		return slurm;
	}

	private void startDaemons() throws IOException, InterruptedException {
		// munged wants every folder above its socket open to all (a test's
		// temporary folder is not), and
		// its key readable by its user only
		socketDir = Files.createTempDirectory("cenet-munge");
		Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString(
			"rwxr-xr-x"));
		final Path keyDir = Files.createDirectories(dir.resolve("munge-key"));
		Files.setPosixFilePermissions(keyDir, PosixFilePermissions.fromString(
			"rwx------"));
		final byte[] key = new byte[1024];
		new SecureRandom().nextBytes(key);
		final Path keyFile = keyDir.resolve("munge.key");
		Files.write(keyFile, key);
		Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString(
			"rw-------"));
		final Path socket = socketDir.resolve("munge.socket");
		daemons.add(ChildProcesses.start(Arrays.asList(program("munged"),
			"--foreground", "--key-file=" + keyFile, "--socket=" + socket,
			"--pid-file=" + socketDir.resolve("munged.pid"), "--seed-file=" + keyDir
				.resolve("munged.seed"), "--log-file=" + dir.resolve("munged.log")),
			dir, env, dir.resolve("munged.out")));
		awaitFile(socket, daemons.get(0));

		final Path conf = dir.resolve("slurm.conf");
		Files.write(conf, config(socket).getBytes(StandardCharsets.UTF_8));
		env.put("SLURM_CONF", conf.toString());
		daemons.add(ChildProcesses.start(Arrays.asList(program("slurmctld"), "-D",
			"-i", "-f", conf.toString()), dir, env, dir.resolve("slurmctld.log")));
		daemons.add(ChildProcesses.start(Arrays.asList(program("slurmd"), "-D",
			"-f", conf.toString()), dir, env, dir.resolve("slurmd.log")));
		final long end = System.nanoTime() + 60_000_000_000L;
		String state = "";
		while (System.nanoTime() < end) {
			state = output(Arrays.asList(program("sinfo"), "-h", "-o", "%T"));
			if (state.trim().equals("idle")) return;
			Thread.sleep(500);
		}
		throw new IllegalStateException(
			"the SLURM node is not idle after 60 s (sinfo: " + state + ")\n" +
				logs());
	}

	/**
	 * A minimal slurm.conf: one node (this machine, from {@code slurmd -C}), one
	 * partition, munge authentication through the private munged, CPUs and memory
	 * as consumable resources, so that tasks of {@code --cpus-per-task=1} run
	 * side by side.
	 */
	private String config(final Path mungeSocket) throws IOException,
		InterruptedException
	{
		final String node = output(Arrays.asList(program("slurmd"), "-C")).split(
			"\\R")[0].trim();
		if (!node.startsWith("NodeName=")) throw new IllegalStateException(
			"slurmd -C: " + node);
		final String name = node.substring("NodeName=".length()).split("\\s")[0];
		final Path state = Files.createDirectories(dir.resolve("state"));
		final Path spool = Files.createDirectories(dir.resolve("spool"));
		return String.join("\n", "ClusterName=cenet", "SlurmctldHost=" + name +
			"(127.0.0.1)", "SlurmctldPort=" + freePort(), "SlurmdPort=" + freePort(),
			"SlurmUser=root", "AuthType=auth/munge", "CredType=cred/munge",
			"AuthInfo=socket=" + mungeSocket, "StateSaveLocation=" + state,
			"SlurmdSpoolDir=" + spool, "SlurmctldPidFile=" + dir.resolve(
				"slurmctld.pid"), "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
			// no cgroups: they are not there in every container
			"ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
			"JobAcctGatherType=jobacct_gather/none",
			"AccountingStorageType=accounting_storage/none",
			// sacct needs slurmdbd; a job's end state is read from this file instead
			"JobCompType=jobcomp/filetxt", "JobCompLoc=" + jobCompletions(),
			"MailProg=/bin/true", "MpiDefault=none", "ReturnToService=2",
			"SchedulerType=sched/backfill",
			// a failed job cancels those that wait for it, so the queue empties and
			// the test says why
			"SchedulerParameters=kill_invalid_depend", "SelectType=select/cons_tres",
			"SelectTypeParameters=CR_CPU_Memory", node +
				" NodeAddr=127.0.0.1 State=UNKNOWN",
			"PartitionName=cenet Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
			"");
	}

	/**
	 * SLURM_CONF, for sbatch, squeue and the jobs (sbatch passes the environment
	 * on).
	 */
	Map<String, String> environment() {
		return Collections.unmodifiableMap(env);
	}

	/**
	 * Waits until no job is pending or running, or until a job has ended other
	 * than COMPLETED (the jobs that depend on it would then wait for ever).
	 *
	 * @return false when neither happened within the timeout
	 */
	boolean awaitJobs(final int timeoutSeconds) throws IOException,
		InterruptedException
	{
		final long end = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
		while (System.nanoTime() < end) {
			if (output(Arrays.asList(program("squeue"), "-h", "-o", "%i")).trim()
				.isEmpty() || finishedJobs().stream().anyMatch(job -> !job.contains(
					" JobState=COMPLETED "))) return true;
			Thread.sleep(1000);
		}
		return false;
	}

	/** One line per finished job (array task), with its JobState and Name. */
	List<String> finishedJobs() throws IOException {
		final Path file = jobCompletions();
		return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8)
			: Collections.<String> emptyList();
	}

	/** The daemons' logs, for a failure's message. */
	String logs() {
		final StringBuilder logs = new StringBuilder();
		for (final String log : new String[] { "munged.out", "munged.log",
			"slurmctld.log", "slurmd.log" })
			if (Files.exists(dir.resolve(log))) logs.append(ChildProcesses.tail(dir
				.resolve(log), 30));
		return logs.toString();
	}

	@Override
	public void close() throws InterruptedException, IOException {
		for (int i = daemons.size() - 1; i >= 0; i--)
			ChildProcesses.stop(daemons.get(i));
		if (socketDir != null) try (Stream<Path> files = Files.list(socketDir)) {
			for (final Path f : (Iterable<Path>) files::iterator)
				Files.delete(f);
			Files.delete(socketDir);
		}
	}

	private Path jobCompletions() {
		return dir.resolve("jobcomp.txt");
	}

	private String output(final List<String> command) throws IOException,
		InterruptedException
	{
		final Path out = Files.createTempFile(dir, "cmd", ".txt");
		final int status = ChildProcesses.run(command, dir, env, out, 60);
		final String text = new String(Files.readAllBytes(out),
			StandardCharsets.UTF_8);
		Files.delete(out);
		if (status != 0) throw new IllegalStateException(String.join(" ", command) +
			" exited with " + status + ": " + text + "\n" + logs());
		return text;
	}

	private void awaitFile(final Path file, final Process daemon)
		throws InterruptedException
	{
		final long end = System.nanoTime() + 30_000_000_000L;
		while (!Files.exists(file)) {
			if (!daemon.isAlive() || System.nanoTime() > end)
				throw new IllegalStateException(file + " did not appear" + (daemon
					.isAlive() ? " in 30 s" : ": the daemon ended") + "\n" + logs());
			Thread.sleep(200);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket s = new ServerSocket(0)) {
			return s.getLocalPort();
		}
	}

	/** The program on PATH, or in /usr/sbin and /sbin where the daemons are. */
	static String program(final String name) {
		final List<String> dirs = new ArrayList<>();
		final String path = System.getenv("PATH");
		if (path != null) dirs.addAll(Arrays.asList(path.split(
			File.pathSeparator)));
		dirs.addAll(Arrays.asList("/usr/sbin", "/sbin", "/usr/bin"));
		for (final String d : dirs) {
			final Path p = Paths.get(d, name);
			if (Files.isExecutable(p)) return p.toString();
		}
		return null;
	}
}
