
package sc.fiji.cenet.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import org.junit.Test;

/**
 * The lazy initialisation makes, tensor by tensor and in any order, exactly
 * what {@link WeightInit#random} makes.
 */
public class WeightInitTest {

	@Test
	public void lazyTensorsAreThoseOfRandomInAnyOrder() {
		CENetConfig config = new CENetConfig(1, 2);
		StateDict all = WeightInit.random(config, 42);
		Function<String, StateDict.Entry> lazy = WeightInit.lazy(config, 42);
		List<String> names = new ArrayList<>(all.names());
		Collections.reverse(names);
		for (String name : names) {
			StateDict.Entry e = lazy.apply(name);
			assertArrayEquals(name, all.get(name).shape(), e.shape());
			assertArrayEquals(name, all.get(name).data(), e.data(), 0);
		}
		assertArrayEquals("asked again, the same", all.get(
			"encoder1.0.conv1.weight").data(), lazy.apply("encoder1.0.conv1.weight")
				.data(), 0);
		assertNull(lazy.apply("fc.weight"));
		// into reused arrays (each tensor over whatever the previous one of its
		// length left): the same values
		Function<String, StateDict.Entry> reused = WeightInit.lazy(config, 42,
			new ReusedArrays());
		for (String name : names)
			assertArrayEquals(name, all.get(name).data(), reused.apply(name).data(),
				0);
	}
}
