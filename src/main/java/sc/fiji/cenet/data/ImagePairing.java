
package sc.fiji.cenet.data;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import sc.fiji.cenet.io.SamePath;

/**
 * Pairs the files of an image folder with those of a mask folder (and
 * optionally a field-of-view folder).
 * <p>
 * A file pairs first by its exact base name (name without extension:
 * {@code a.tif <-> a.png}); files left over then pair by their leading number,
 * as DRIVE names them ({@code 21_training.tif <-> 21_manual1.gif}, FOV
 * {@code 21_training_mask.gif}). A key shared by several files of one folder is
 * ambiguous and pairs nothing, so a wrong pair is never guessed. Hidden files
 * and files without an image extension are ignored; the order is sorted by file
 * name, so the same folders always give the same list.
 */
public final class ImagePairing {

	/**
	 * Extensions (lower case) of the files that {@link ImageFileReader} reads.
	 */
	public static final List<String> IMAGE_EXTENSIONS = Collections
		.unmodifiableList(Arrays.asList("tif", "tiff", "png", "gif", "jpg", "jpeg",
			"bmp"));

	private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");

	/**
	 * What annotation tools and people add to a mask's name: {@code
	 * cell01_mask.png} is the mask of {@code cell01.tif}.
	 */
	private static final Pattern MASK_SUFFIX = Pattern.compile(
		"(?i)[_-](mask|masks|label|labels|labeled|gt|groundtruth|ground_truth|seg|segmentation|annotation|annotations|manual)$");

	private ImagePairing() {}

	public static PairingResult pair(File imageDir, File maskDir) {
		return pair(imageDir, maskDir, null);
	}

	/**
	 * @param fovDir folder of field-of-view masks, or null; when given, an image
	 *          pairs only if it has both a mask and a FOV mask
	 * @throws IllegalArgumentException when a folder is missing or holds no image
	 *           file
	 */
	public static PairingResult pair(File imageDir, File maskDir, File fovDir) {
		List<File> images = imageFiles(imageDir, "image folder");
		List<File> masks = imageFiles(maskDir, "mask folder");
		List<File> fovs = fovDir == null ? Collections.emptyList() : imageFiles(
			fovDir, "field-of-view mask folder");

		Map<File, File> maskOf = match(images, masks);
		Map<File, File> fovOf = fovDir == null ? Collections.emptyMap() : match(
			images, fovs);

		List<ImagePair> pairs = new ArrayList<>();
		List<String> unpairedImages = new ArrayList<>();
		Set<File> usedMasks = new HashSet<>();
		Set<File> usedFovs = new HashSet<>();
		for (File image : images) {
			File mask = maskOf.get(image);
			File fov = fovOf.get(image);
			if (mask == null || (fovDir != null && fov == null)) {
				unpairedImages.add(image.getName());
				continue;
			}
			pairs.add(new ImagePair(image, mask, fov));
			usedMasks.add(mask);
			if (fov != null) usedFovs.add(fov);
		}
		return new PairingResult(imageDir, maskDir, fovDir, pairs, unpairedImages,
			namesExcept(masks, usedMasks), namesExcept(fovs, usedFovs));
	}

	/**
	 * Images and their masks (predictions and their truth) need folders of their
	 * own: in one folder every file pairs with itself.
	 *
	 * @return null when the folders differ or either is unset, else the problem,
	 *         naming both keys
	 */
	public static String sameFolderProblem(File a, String keyA, File b,
		String keyB)
	{
		if (a == null || b == null || a.getPath().isEmpty() || b.getPath()
			.isEmpty() || !SamePath.isSame(a.toPath(), b.toPath())) return null;
		return keyA + " and " + keyB + " are the same folder (" + a +
			"): every file would pair with itself; put the " + keyB +
			" files in a folder of their own";
	}

	/**
	 * Whether the file name ends with one of {@link #IMAGE_EXTENSIONS} and is not
	 * hidden.
	 */
	public static boolean isImageFile(File file) {
		String name = file.getName();
		if (name.startsWith(".")) return false;
		return IMAGE_EXTENSIONS.contains(extension(name));
	}

	/**
	 * The name without its last extension:
	 * {@code 21_training.tif -> 21_training}.
	 */
	public static String baseName(String fileName) {
		int dot = fileName.lastIndexOf('.');
		return dot > 0 ? fileName.substring(0, dot) : fileName;
	}

	/**
	 * The image files of a folder, sorted by name.
	 *
	 * @param role how messages name the folder, e.g. "mask folder" or
	 *          "input_folder"
	 */
	public static List<File> imageFiles(File dir, String role) {
		if (dir == null) throw new IllegalArgumentException("no " + role +
			" given");
		if (!dir.exists()) throw new IllegalArgumentException(role +
			" does not exist: " + dir);
		if (!dir.isDirectory()) throw new IllegalArgumentException(role +
			" is not a folder: " + dir);
		File[] all = dir.listFiles();
		if (all == null) throw new IllegalArgumentException(role +
			" cannot be read: " + dir);
		List<File> files = new ArrayList<>();
		for (File f : all)
			if (f.isFile() && isImageFile(f)) files.add(f);
		if (files.isEmpty()) throw new IllegalArgumentException(noImageFiles(dir,
			role));
		files.sort((a, b) -> a.getName().compareTo(b.getName()));
		return files;
	}

	/**
	 * What is wrong with a folder that must hold images, found before any work
	 * starts.
	 *
	 * @return null when {@code dir} is a readable folder with at least one image
	 *         file, or is not a folder (said by the folder checks), else the
	 *         problem, naming {@code role}
	 */
	public static String noImageFilesProblem(File dir, String role) {
		if (dir == null || !dir.isDirectory()) return null;
		File[] all = dir.listFiles();
		if (all == null) return role + " cannot be read: " + dir;
		for (File f : all)
			if (f.isFile() && isImageFile(f)) return null;
		return noImageFiles(dir, role);
	}

	private static String noImageFiles(File dir, String role) {
		return role + " holds no image files (" + String.join(", ",
			IMAGE_EXTENSIONS) + "): " + dir;
	}

	/**
	 * Matches left files to right files: by exact base name first, then by base
	 * name with a mask suffix dropped on the right
	 * ({@code a.tif <-> a_mask.png}), then by leading number.
	 */
	private static Map<File, File> match(List<File> left, List<File> right) {
		Map<File, File> matched = new LinkedHashMap<>();
		List<File> restLeft = new ArrayList<>(left);
		List<File> restRight = new ArrayList<>(right);
		Function<File, String> base = f -> baseName(f.getName());
		matchByKey(restLeft, restRight, base, base, matched);
		matchByKey(restLeft, restRight, base, f -> withoutMaskSuffix(baseName(f
			.getName())), matched);
		Function<File, String> number = f -> leadingNumber(f.getName());
		matchByKey(restLeft, restRight, number, number, matched);
		return matched;
	}

	/** The name without a {@link #MASK_SUFFIX}; null when it has none. */
	static String withoutMaskSuffix(String baseName) {
		Matcher m = MASK_SUFFIX.matcher(baseName);
		return m.find() && m.start() > 0 ? baseName.substring(0, m.start()) : null;
	}

	/**
	 * Pairs the files whose key occurs exactly once on each side; removes them
	 * from the rest lists.
	 */
	private static void matchByKey(List<File> left, List<File> right,
		Function<File, String> leftKey, Function<File, String> rightKey,
		Map<File, File> matched)
	{
		Map<String, List<File>> leftByKey = groupByKey(left, leftKey);
		Map<String, List<File>> rightByKey = groupByKey(right, rightKey);
		for (Map.Entry<String, List<File>> e : leftByKey.entrySet()) {
			List<File> partners = rightByKey.get(e.getKey());
			if (e.getValue().size() != 1 || partners == null || partners.size() != 1)
				continue;
			File l = e.getValue().get(0);
			File r = partners.get(0);
			matched.put(l, r);
			left.remove(l);
			right.remove(r);
		}
	}

	private static Map<String, List<File>> groupByKey(List<File> files,
		Function<File, String> key)
	{
		Map<String, List<File>> byKey = new TreeMap<>();
		for (File f : files) {
			String k = key.apply(f);
			if (k != null) byKey.computeIfAbsent(k, x -> new ArrayList<>()).add(f);
		}
		return byKey;
	}

	/**
	 * The leading number without leading zeros ({@code 021_a -> 21}), or null
	 * when the name starts otherwise.
	 */
	static String leadingNumber(String fileName) {
		Matcher m = LEADING_NUMBER.matcher(fileName);
		if (!m.find()) return null;
		return m.group(1).replaceFirst("^0+(?=\\d)", "");
	}

	private static String extension(String name) {
		int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}

	private static List<String> namesExcept(List<File> files, Set<File> used) {
		List<String> names = new ArrayList<>();
		for (File f : files)
			if (!used.contains(f)) names.add(f.getName());
		return names;
	}
}
