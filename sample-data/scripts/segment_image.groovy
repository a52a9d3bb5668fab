#@ File (label = "CE-Net model", style = "open") model_file
#@ File (label = "Image (gray or RGB)", style = "open") image_file
#@ String (label = "Output", choices = {"mask", "probabilities", "labels"}) output
#@ sc.fiji.cenet.service.CENetModelService models
#@output net.imglib2.img.Img result

// CE-Net for Fiji from Fiji's script editor (language: Groovy), through the public API:
// the model stays open in the CENetModelService, so running this again on the next image
// reads no model file. Images cross the API as ImgLib2 images; the axes say what each
// dimension is (X, Y, then C for colour, then Z and/or T).
import ij.IJ
import sc.fiji.cenet.imagej.ImagePlusConverter
import sc.fiji.cenet.predict.ImageAxes
import sc.fiji.cenet.predict.PredictionSettings
import sc.fiji.cenet.progress.ProgressListener
import sc.fiji.cenet.service.CENetModelService

def imp = IJ.openImage(image_file.path)
def image = ImagePlusConverter.wrap(imp)            // no copy: the ImagePlus's pixels
def axes = ImageAxes.of(ImagePlusConverter.axesOf(imp))
def lease = models.open(model_file, false)
try {
	// CE-Net Predict's defaults for this model (its mode, tiles of its training size, its calibrated threshold)
	def settings = PredictionSettings.forModel(lease.model().trainedModel()).output(output).build()
	def segmentation = lease.model().segment(image, axes, settings, ProgressListener.NONE)
	println "segmented ${image_file.name}: ${segmentation.kind().key()}, axes ${segmentation.axes()}"
	result = segmentation.img()             // a mask or labels copied from their lazy view
} finally {
	lease.close()
}
