
package sc.fiji.cenet.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The C library, through JNA (which Fiji ships): an interface of its own, so
 * that a missing JNA is a LinkageError where it is used, and callers catch it
 * there.
 */
interface CLibrary extends Library {

	CLibrary INSTANCE = Native.load("c", CLibrary.class);

	int setenv(String name, String value, int overwrite);

	int madvise(Pointer address, long length, int advice);
}
