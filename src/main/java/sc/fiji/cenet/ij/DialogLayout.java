
package sc.fiji.cenet.ij;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The order of a command's dialog fields, and headings between them, where the
 * order of the command's parameters does not suit a dialog: SciJava lists a
 * superclass's parameters first, so CE-Net Predict would ask for its image last
 * and CE-Net Predict Folder for its folders after the model options; and CE-Net
 * Train's 22 fields need the required ones first and the rarely changed ones
 * apart. Macro keys and what is recorded do not depend on the order (a macro
 * names each key).
 * <p>
 * A layout lists keys in their dialog order; an entry starting with
 * {@value #HEADING} is a heading shown above the keys that follow it. Inputs a
 * layout does not list come after the listed ones, in declaration order, so a
 * new parameter still gets a field.
 * </p>
 */
final class DialogLayout {

	/** Marks a layout entry as a heading. */
	static final String HEADING = "# ";

	private static final Map<String, List<String>> LAYOUTS = new HashMap<>();

	static {
		LAYOUTS.put("CE-Net Train", Arrays.asList( //
			"image_folder", "mask_folder", "model_file", "if_model_exists", //
			HEADING + "Training", "epochs", "time_limit", "batch_size",
			"learning_rate", "training_size", "classes", "validation_fraction",
			"use_gpu", //
			HEADING + "Advanced options", "validation_image_folder",
			"validation_mask_folder", "fov_folder", "schedule", "loss",
			"augmentation", "sampling", "seed", "initial_model", "encoder_weights",
			"freeze_encoder"));
		// the image to segment first; the model options follow in their declared
		// order
		LAYOUTS.put("CE-Net Predict", Collections.singletonList("image"));
		LAYOUTS.put("CE-Net Predict Folder", Arrays.asList( //
			"input_folder", "output_folder", "model_file", "output", "mode",
			"tile_size", "overlap", "tta", "threshold", "use_gpu", "convert_channels",
			"overwrite", "skip_existing", //
			HEADING + "For cluster job arrays", "shard"));
	}

	/** One line of a dialog: a field, or a heading. */
	static final class Item {

		private final String heading;
		private final CommandInput input;

		private Item(final String heading, final CommandInput input) {
			this.heading = heading;
			this.input = input;
		}

		/** The heading's text; null for a field. */
		String heading() {
			return heading;
		}

		/** The field's input; null for a heading. */
		CommandInput input() {
			return input;
		}
	}

	private DialogLayout() {}

	/**
	 * The keys and headings listed for a command (empty when its declaration
	 * order is used).
	 */
	static List<String> listed(final String title) {
		final List<String> layout = LAYOUTS.get(title);
		return layout == null ? Collections.emptyList() : layout;
	}

	/**
	 * The dialog's lines: the listed keys and headings in their order (a heading
	 * only where a field follows it), then the inputs not listed, in their
	 * declared order.
	 */
	static List<Item> of(final String title, final List<CommandInput> inputs) {
		final Map<String, CommandInput> byKey = new LinkedHashMap<>();
		for (final CommandInput input : inputs)
			byKey.put(input.key(), input);
		final List<Item> items = new ArrayList<>();
		String heading = null;
		for (final String entry : listed(title)) {
			if (entry.startsWith(HEADING)) {
				heading = entry.substring(HEADING.length());
				continue;
			}
			final CommandInput input = byKey.remove(entry);
			if (input == null) continue; // a key this command does not have
			if (heading != null) items.add(new Item(heading, null));
			heading = null;
			items.add(new Item(null, input));
		}
		for (final CommandInput input : byKey.values())
			items.add(new Item(null, input));
		return items;
	}

	/** The inputs in dialog order, without headings. */
	static List<CommandInput> ordered(final String title,
		final List<CommandInput> inputs)
	{
		final List<CommandInput> ordered = new ArrayList<>();
		for (final Item item : of(title, inputs))
			if (item.input() != null) ordered.add(item.input());
		return ordered;
	}
}
