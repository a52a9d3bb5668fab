
package sc.fiji.cenet.io;

import java.io.IOException;

/**
 * A consumer that may fail with an {@link IOException}, e.g. code that writes
 * to a stream.
 */
@FunctionalInterface
public interface IOConsumer<T> {

	void accept(T t) throws IOException;
}
