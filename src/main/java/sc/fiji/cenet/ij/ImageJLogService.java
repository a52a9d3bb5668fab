
package sc.fiji.cenet.ij;

import org.scijava.log.LogMessage;
import org.scijava.log.StderrLogService;

/**
 * The log service of the plugin's own SciJava context in plain ImageJ:
 * SciJava's console log, except for the commands' own lines, which
 * {@link ImageJFeedback} shows in ImageJ's Log window. In batch mode ImageJ
 * prints its Log on stdout, where the console log printed the same lines again.
 * Listeners still receive every line.
 * <p>
 * Not a {@code @Plugin}: only {@link SciJavaContexts} asks for it by class, so
 * Fiji's context never picks it.
 * </p>
 */
public class ImageJLogService extends StderrLogService {

	@Override
	protected void messageLogged(final LogMessage message) {
		if (!ImageJFeedback.isCommandLine(message)) super.messageLogged(message);
	}
}
