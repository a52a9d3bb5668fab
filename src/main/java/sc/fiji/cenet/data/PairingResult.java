
package sc.fiji.cenet.data;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What {@link ImagePairing} found: the pairs, and the files of each folder that
 * found no partner, so that a user sees at once why a file was left out.
 */
public final class PairingResult {

	/** Longest list of names quoted in an error message. */
	private static final int MAX_NAMES_IN_MESSAGE = 20;

	private final File imageDir;
	private final File maskDir;
	private final File fovDir;
	private final List<ImagePair> pairs;
	private final List<String> unpairedImages;
	private final List<String> unpairedMasks;
	private final List<String> unpairedFovMasks;

	PairingResult(File imageDir, File maskDir, File fovDir, List<ImagePair> pairs,
		List<String> unpairedImages, List<String> unpairedMasks,
		List<String> unpairedFovMasks)
	{
		this.imageDir = imageDir;
		this.maskDir = maskDir;
		this.fovDir = fovDir;
		this.pairs = Collections.unmodifiableList(new ArrayList<>(pairs));
		this.unpairedImages = Collections.unmodifiableList(new ArrayList<>(
			unpairedImages));
		this.unpairedMasks = Collections.unmodifiableList(new ArrayList<>(
			unpairedMasks));
		this.unpairedFovMasks = Collections.unmodifiableList(new ArrayList<>(
			unpairedFovMasks));
	}

	/** The pairs, sorted by image file name. */
	public List<ImagePair> pairs() {
		return pairs;
	}

	/**
	 * Names of image files without a mask (or, when a FOV folder is given,
	 * without a FOV mask).
	 */
	public List<String> unpairedImages() {
		return unpairedImages;
	}

	/** Names of mask files without an image. */
	public List<String> unpairedMasks() {
		return unpairedMasks;
	}

	/**
	 * Names of field-of-view mask files without an image; empty when no FOV
	 * folder was given.
	 */
	public List<String> unpairedFovMasks() {
		return unpairedFovMasks;
	}

	public boolean isComplete() {
		return unpairedImages.isEmpty() && unpairedMasks.isEmpty() &&
			unpairedFovMasks.isEmpty();
	}

	/**
	 * The pairs, or an {@link IllegalArgumentException} naming the folders and
	 * the unpaired files when there is none.
	 */
	public List<ImagePair> requirePairs() {
		if (!pairs.isEmpty()) return pairs;
		StringBuilder sb = new StringBuilder("no image/mask pairs in ").append(
			imageDir).append(" and ").append(maskDir);
		if (fovDir != null) sb.append(" (field of view: ").append(fovDir).append(
			')');
		sb.append(": images ").append(names(unpairedImages)).append("; masks ")
			.append(names(unpairedMasks));
		if (fovDir != null) sb.append("; field-of-view masks ").append(names(
			unpairedFovMasks));
		throw new IllegalArgumentException(sb.toString());
	}

	/**
	 * A one-line summary for a log: how many pairs are used and which files are
	 * left out, e.g. "20 pairs used; left out, without a partner: images a.tif".
	 */
	public String summary() {
		String used = pairs.size() + (pairs.size() == 1 ? " pair" : " pairs") +
			" used";
		List<String> leftOut = new ArrayList<>();
		if (!unpairedImages.isEmpty()) leftOut.add("images " + names(
			unpairedImages));
		if (!unpairedMasks.isEmpty()) leftOut.add("masks " + names(unpairedMasks));
		if (!unpairedFovMasks.isEmpty()) leftOut.add("field-of-view masks " + names(
			unpairedFovMasks));
		return leftOut.isEmpty() ? used : used + "; left out, without a partner: " +
			String.join("; ", leftOut);
	}

	@Override
	public String toString() {
		return summary();
	}

	static String names(List<String> names) {
		return names.isEmpty() ? "(none)" : Names.listed(names,
			MAX_NAMES_IN_MESSAGE);
	}
}
