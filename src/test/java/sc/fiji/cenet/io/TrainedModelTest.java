
package sc.fiji.cenet.io;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Properties;

import org.junit.AfterClass;
import org.junit.BeforeClass;
import org.junit.Test;

import sc.fiji.cenet.model.CENetConfig;
import sc.fiji.cenet.model.StateDict;
import sc.fiji.cenet.model.TrainingHistory;

public class TrainedModelTest {

	private static StateDict oneClass, threeClasses;

	@BeforeClass
	public static void weights() {
		oneClass = TestTensors.randomCENet(new CENetConfig(3, 1), 1);
		threeClasses = TestTensors.randomCENet(new CENetConfig(3, 3), 2);
	}

	@AfterClass
	public static void release() {
		oneClass = threeClasses = null;
	}

	@Test
	public void hasDefaultsForTheCommonMetadata() {
		TrainedModel m = new TrainedModel(new CENetConfig(3, 1), oneClass,
			new Properties(), new TrainingHistory());
		assertEquals(448, m.trainingSize());
		assertEquals("RGB", m.channelOrder());
		assertEquals(List.of("foreground"), m.classNames());
		assertEquals(0.5, m.threshold(), 0);
		assertFalse(m.hasThreshold());
		TrainedModel n = new TrainedModel(new CENetConfig(3, 3), threeClasses,
			props(TrainedModel.CHANNEL_ORDER, "BGR"), new TrainingHistory());
		assertEquals(List.of("class0", "class1", "class2"), n.classNames());
		assertEquals("BGR", n.channelOrder());
	}

	@Test
	public void readsTheCalibratedThreshold() {
		TrainedModel m = new TrainedModel(new CENetConfig(3, 1), oneClass, props(
			TrainedModel.THRESHOLD, " 0.35 "), new TrainingHistory());
		assertEquals(0.35, m.threshold(), 0);
		assertTrue(m.hasThreshold());
	}

	@Test
	public void copiesMetadataAndHistory() {
		Properties metadata = props("a", "1");
		TrainingHistory history = new TrainingHistory();
		TrainedModel m = new TrainedModel(new CENetConfig(3, 1), oneClass, metadata,
			history);
		metadata.setProperty("a", "2");
		history.add(new TrainingHistory.Epoch(1, 1, 1, 1, 1, 1, 1));
		m.metadata().setProperty("a", "3");
		assertEquals("1", m.metadata("a"));
		assertTrue(m.history().isEmpty());
	}

	@Test
	public void refusesInconsistentInput() {
		assertRefused(
			"model weights: key finalconv3.weight has shape [1, 32, 3, 3], expected [3, 32, 3, 3]",
			new CENetConfig(3, 3), oneClass, new Properties());
		assertRefused("metadata class_names 'a,b' names 2 classes, the model has 3",
			new CENetConfig(3, 3), threeClasses, props(TrainedModel.CLASS_NAMES,
				"a,b"));
		assertRefused(
			"metadata training_size must be a positive integer, not 'big'",
			new CENetConfig(3, 1), oneClass, props(TrainedModel.TRAINING_SIZE,
				"big"));
		assertRefused("metadata threshold must be a number in [0, 1], not 'high'",
			new CENetConfig(3, 1), oneClass, props(TrainedModel.THRESHOLD, "high"));
		assertRefused("metadata threshold must be a number in [0, 1], not '-0.1'",
			new CENetConfig(3, 1), oneClass, props(TrainedModel.THRESHOLD, "-0.1"));
		assertRefused("metadata threshold must be a number in [0, 1], not 'NaN'",
			new CENetConfig(3, 1), oneClass, props(TrainedModel.THRESHOLD, "NaN"));
	}

	private static void assertRefused(String expected, CENetConfig config,
		StateDict weights, Properties metadata)
	{
		try {
			new TrainedModel(config, weights, metadata, new TrainingHistory());
			fail();
		}
		catch (IllegalArgumentException e) {
			assertEquals(expected, e.getMessage());
		}
	}

	private static Properties props(String key, String value) {
		Properties p = new Properties();
		p.setProperty(key, value);
		return p;
	}

	@Test
	public void withoutWeightsKeepsEverythingButTheWeights() {
		Properties p = new Properties();
		p.setProperty(TrainedModel.THRESHOLD, "0.3");
		TrainingHistory h = new TrainingHistory();
		h.add(new TrainingHistory.Epoch(1, 0.5, 0.4, 0.7, 0.9, 1e-4, 3));
		TrainedModel m = new TrainedModel(new CENetConfig(3, 1), oneClass, p, h);
		TrainedModel header = m.withoutWeights();
		assertTrue(m.hasWeights());
		assertFalse(header.hasWeights());
		assertEquals(m.config(), header.config());
		assertEquals(m.metadata(), header.metadata());
		assertEquals(m.history(), header.history());
		assertEquals(0.3, header.threshold(), 0);
		try {
			header.weights();
			fail("a model without weights gave weights");
		}
		catch (IllegalStateException e) {
			assertTrue(e.getMessage(), e.getMessage().contains(
				"read the model file"));
		}
	}
}
