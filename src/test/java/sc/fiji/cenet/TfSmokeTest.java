
package sc.fiji.cenet;

import static org.junit.Assert.assertEquals;

import org.junit.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

import sc.fiji.cenet.model.TfRuntime;

public class TfSmokeTest {

	@Test
	public void addsTwoNumbers() {
		System.out.println("TF " + TensorFlow.version());
		try (Graph g = TfRuntime.newGraph(); Session s = new Session(g)) {
			Ops tf = Ops.create(g);
			var y = tf.math.add(tf.constant(2f), tf.constant(3f));
			try (var r = s.runner().fetch(y).run();
					TFloat32 t = (TFloat32) r.get(0))
			{
				assertEquals(5f, t.getFloat(), 0f);
			}
		}
	}
}
