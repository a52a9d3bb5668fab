
package sc.fiji.cenet.progress;

import java.util.Locale;

/** Times left as CE-Net's progress and log lines write them. */
public final class Durations {

	private Durations() {}

	/** 45s, 12m, 2h 05m. */
	public static String text(final double seconds) {
		final long s = Math.max(0, Math.round(seconds));
		if (s < 60) return s + "s";
		final long m = Math.round(s / 60.0);
		if (m < 60) return m + "m";
		return m / 60 + "h " + String.format(Locale.ROOT, "%02d", m % 60) + "m";
	}
}
