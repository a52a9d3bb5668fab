
package sc.fiji.cenet.model;

/**
 * The architecture parameters that change the graph: input channels and output
 * classes. One class means a sigmoid foreground probability; N > 1 classes
 * means a softmax over N channels.
 */
public final class CENetConfig {

	/** Height and width must be multiples of this (five stride-2 stages). */
	public static final int SIZE_MULTIPLE = 32;
	/**
	 * Smallest height and width: RMP's 6x6 max-pool needs a 1/32-scale map of at
	 * least 6.
	 */
	public static final int MIN_SIZE = 192;

	private final int inputChannels;
	private final int classes;

	public CENetConfig(int inputChannels, int classes) {
		if (inputChannels != 1 && inputChannels != 3)
			throw new IllegalArgumentException(
				"CE-Net takes 1 or 3 input channels, not " + inputChannels);
		if (classes < 1) throw new IllegalArgumentException(
			"classes must be at least 1, not " + classes);
		this.inputChannels = inputChannels;
		this.classes = classes;
	}

	public int inputChannels() {
		return inputChannels;
	}

	public int classes() {
		return classes;
	}

	/** Channels of the network output: 1 for sigmoid, N for softmax. */
	public int outputChannels() {
		return classes;
	}

	/** The size rule in words, for every message about it. */
	public static final String SIZE_RULE = "a multiple of " + SIZE_MULTIPLE +
		" of at least " + MIN_SIZE;

	/**
	 * What is wrong with a side length, named {@code what} (a macro key or a
	 * setting): null when it is valid, else "{@code <what> must be}
	 * {@value #SIZE_RULE}{@code , not <size>}".
	 */
	public static String sizeProblem(String what, long size) {
		return isValidSize(size, size) ? null : what + " must be " + SIZE_RULE +
			", not " + size;
	}

	/** Whether H x W is a valid network input size. */
	public static boolean isValidSize(long h, long w) {
		return h >= MIN_SIZE && w >= MIN_SIZE && h % SIZE_MULTIPLE == 0 && w %
			SIZE_MULTIPLE == 0;
	}

	/** The smallest valid size >= n. */
	public static int validSizeAtLeast(long n) {
		long m = Math.max(n, MIN_SIZE);
		return (int) ((m + SIZE_MULTIPLE - 1) / SIZE_MULTIPLE * SIZE_MULTIPLE);
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof CENetConfig &&
			((CENetConfig) o).inputChannels == inputChannels &&
			((CENetConfig) o).classes == classes;
	}

	@Override
	public int hashCode() {
		return inputChannels * 31 + classes;
	}

	@Override
	public String toString() {
		return "CE-Net(" + inputChannels + " in, " + classes + " classes)";
	}
}
