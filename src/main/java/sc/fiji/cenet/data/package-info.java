/**
 * Training data for CE-Net: from folders of files to normalised, augmented NHWC
 * float batches.
 *
 * <pre>
 * ImagePairing      image, mask (and FOV) folders -> ImagePair list (+ unpaired names)
 * ImageFileReader   file -> LoadedImage (float Img, bit depth); the only ImageJ 1.x user
 * Masks             mask file -> labels (binary or 0..N-1), size checks
 * TrainingSet       pairs -> TrainingSample list + warnings (e.g. empty masks)
 * ValidationSplit   samples -> training / validation, seeded
 * Batches           (seed, epoch) -> shuffled index batches and per-sample seeds
 * BatchAssembler    per sample: SamplingMode (resize | crop) -> Augmentation
 *                   -> ChannelConversion -> Normalization -> ChannelOrder -> TrainingBatch
 * BatchPrefetcher   produces the next batches on a background thread
 * </pre>
 *
 * Images cross the package border as ImgLib2 images with axes (X, Y) or (X, Y,
 * C), C = R, G, B. {@link sc.fiji.cenet.data.Normalization} and
 * {@link sc.fiji.cenet.data.ChannelOrder} are what a model must record to
 * prepare prediction inputs exactly as its training inputs.
 */

package sc.fiji.cenet.data;
