
package sc.fiji.cenet.data;

import java.util.List;

/** File names quoted in a message: a few of them, then how many more. */
public final class Names {

	private Names() {}

	/** {@code a, b, c} or, beyond {@code atMost}, {@code a, b and 5 more}. */
	public static String listed(List<String> names, int atMost) {
		return names.size() <= atMost ? String.join(", ", names) : String.join(", ",
			names.subList(0, atMost)) + " and " + (names.size() - atMost) + " more";
	}
}
