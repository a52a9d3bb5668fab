
package sc.fiji.cenet.service;

import java.io.File;
import java.io.IOException;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.Service;

/**
 * Keeps the most recently used model open, per SciJava context: a
 * {@link ModelCache}.
 */
@Plugin(type = Service.class)
public final class DefaultCENetModelService extends AbstractService implements
	CENetModelService
{

	private final ModelCache cache = new ModelCache();

	@Override
	public Lease open(final File modelFile, final boolean useGpu)
		throws IOException
	{
		return cache.open(modelFile, useGpu);
	}

	@Override
	public void clear() {
		cache.clear();
	}

	@Override
	public void dispose() {
		clear();
	}
}
