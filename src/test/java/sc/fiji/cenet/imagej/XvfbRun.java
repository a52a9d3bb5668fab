
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
 * Each fork therefore searches from a number of its own: the pom passes
 * {@code -Dcenet.test.display=100} to the first, 200 to the second (100 when
 * unset).
 */
public final class XvfbRun {

	private XvfbRun() {}

	/** {@code xvfb-run -a -n <first display of this JVM>}, to extend. */
	public static List<String> command() {
		return new ArrayList<>(Arrays.asList("xvfb-run", "-a", "-n", Integer
			.toString(Integer.getInteger("cenet.test.display", 100))));
	}
}
