#@ File (label = "CE-Net model", style = "open") model_file
#@ Img (label = "Image") image
#@ String (label = "Axes of the image", value = "XY") axes
#@ CommandService command
#@output Img prediction

# CE-Net for Fiji from Fiji's script editor (language: Python/Jython), through the
# "CE-Net Predict" command: the same command as the menu entry, with an ImgLib2 image in
# and out. axes says what each dimension of the image is: XY (gray), XYC (RGB), XYZ (a
# stack), XYCZT ... The result's own axes come back as prediction_axes.
from sc.fiji.cenet.commands import PredictCommand

module = command.run(PredictCommand, True,
	"model_file", model_file,
	"image", image,
	"image_axes", axes,
	"output", "mask").get()
prediction = module.getOutput("prediction")
print("prediction: %s, axes %s" % (module.getOutput("prediction_title"), module.getOutput("prediction_axes")))
