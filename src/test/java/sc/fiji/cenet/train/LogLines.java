
package sc.fiji.cenet.train;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.cenet.progress.ProgressListener;

/** A listener for tests that keeps the log lines and ignores progress. */
final class LogLines implements ProgressListener {

	final List<String> lines = new ArrayList<>();

	@Override
	public void progress(double fraction, String message) {}

	@Override
	public void log(String line) {
		lines.add(line);
	}
}
