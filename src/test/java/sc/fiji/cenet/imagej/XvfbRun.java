
package sc.fiji.cenet.imagej;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The start of an {@code xvfb-run} command line for the tests that run ImageJ
 * on a virtual display.
 * <p>
 * Why not just {@code xvfb-run -a}: it takes the first display number without a
 * lock file, then starts Xvfb there; two test JVMs (surefire runs two forks)
 * starting at the same moment can take the same number, and one Xvfb fails.
 * Each fork therefore searches from a number of its own (100 per fork: surefire
 * passes {@code -Dcenet.test.fork=N}, 1 when unset).
 */
public final class XvfbRun {

	private XvfbRun() {}

	/** {@code xvfb-run -a -n <first display of this fork>}, to extend. */
	public static List<String> command() {
		int fork = Integer.getInteger("cenet.test.fork", 1);
		return new ArrayList<>(Arrays.asList("xvfb-run", "-a", "-n", Integer
			.toString(100 * fork)));
	}
}
