
package sc.fiji.cenet.commands;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.Test;
import org.scijava.plugin.Parameter;

import sc.fiji.cenet.data.AugmentationSettings;
import sc.fiji.cenet.data.ChannelOrder;
import sc.fiji.cenet.data.Normalization;
import sc.fiji.cenet.data.SamplingMode;
import sc.fiji.cenet.predict.OutputKind;
import sc.fiji.cenet.predict.PredictionMode;
import sc.fiji.cenet.train.ExistingModel;
import sc.fiji.cenet.train.LossKind;
import sc.fiji.cenet.train.ScheduleKind;

/**
 * A choice list of a dialog is an annotation, which must be a literal: each is
 * compared here with the enum (or list) the libraries take it from, so an enum
 * that gains a value fails this test until the command offers it.
 */
public class ChoicesTest {

	private static List<String> choices(Class<?> command, String field)
		throws NoSuchFieldException
	{
		Field f = command.getDeclaredField(field);
		Parameter p = f.getAnnotation(Parameter.class);
		assertNotNull(command.getSimpleName() + "." + field, p);
		return Arrays.asList(p.choices());
	}

	private static List<String> keys(Enum<?>[] values) {
		List<String> keys = new ArrayList<>();
		for (Enum<?> v : values)
			keys.add(v.name().toLowerCase(Locale.ROOT));
		return keys;
	}

	/**
	 * The order of a dialog's list puts the default first; what matters is the
	 * set.
	 */
	private static java.util.Set<String> set(List<String> values) {
		return new java.util.TreeSet<>(values);
	}

	private static List<String> withAuto(List<String> keys) {
		List<String> all = new ArrayList<>();
		all.add("auto");
		all.addAll(keys);
		return all;
	}

	@Test
	public void trainChoicesAreTheLibrariesValues() throws Exception {
		List<String> losses = new ArrayList<>();
		for (LossKind k : LossKind.values())
			losses.add(k.key());
		assertEquals(set(withAuto(losses)), set(choices(TrainCommand.class,
			"loss")));
		assertEquals(Arrays.asList(ScheduleKind.keys()), choices(TrainCommand.class,
			"schedule"));
		assertEquals(Arrays.asList(AugmentationSettings.NAMES), choices(
			TrainCommand.class, "augmentation"));
		assertEquals(keys(SamplingMode.values()), choices(TrainCommand.class,
			"sampling"));
		assertEquals(keys(ExistingModel.values()), choices(TrainCommand.class,
			"if_model_exists"));
		assertEquals(keys(ExistingModel.values()), Arrays.asList(
			ExistingModel.NAMES));
		for (String name : AugmentationSettings.NAMES)
			AugmentationSettings.named(name); // each one known
	}

	@Test
	public void predictionChoicesAreTheLibrariesValues() throws Exception {
		assertEquals(set(keys(PredictionMode.values())), set(choices(
			PredictionCommand.class, "mode")));
		assertEquals(withAuto(keys(OutputKind.values())), choices(
			PredictionCommand.class, "output"));
		assertEquals(Arrays.asList(OutputKind.CHOICES), choices(
			PredictionCommand.class, "output"));
	}

	@Test
	public void importChoicesAreTheLibrariesValues() throws Exception {
		List<String> orders = new ArrayList<>();
		for (ChannelOrder o : ChannelOrder.values())
			orders.add(o.name());
		assertEquals(new java.util.TreeSet<>(orders), new java.util.TreeSet<>(
			choices(ImportWeightsCommand.class, "channel_order")));
		assertEquals(keys(Normalization.Kind.values()), choices(
			ImportWeightsCommand.class, "normalization"));
	}
}
