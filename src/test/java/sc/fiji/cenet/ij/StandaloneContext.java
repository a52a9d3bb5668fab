
package sc.fiji.cenet.ij;

import org.junit.rules.ExternalResource;
import org.scijava.Context;

/**
 * A JUnit class rule holding the standalone SciJava context a test class
 * prepares its commands in ({@link SciJavaContexts#createStandalone()}),
 * disposed after the class.
 */
public final class StandaloneContext extends ExternalResource {

	private Context context;

	@Override
	protected void before() {
		context = SciJavaContexts.createStandalone();
	}

	@Override
	protected void after() {
		if (context != null) context.dispose();
	}

	public Context get() {
		if (context == null) throw new IllegalStateException(
			"the context exists while the test class runs (use it as a @ClassRule)");
		return context;
	}
}
