// Segments the vessels of every image in sample-data/test/images with the
// model from train.ijm, and saves the probability maps in sample-data/predictions.
// Batch: ImageJ -batch predict.ijm /path/to/sample-data
dir = getArgument();
if (dir == "") dir = getDirectory("Choose the CE-Net sample-data folder");
if (!endsWith(dir, "/") && !endsWith(dir, "\\")) dir = dir + "/";
model = dir + "models/cenet-vessels.cenet";
File.makeDirectory(dir + "predictions");
setBatchMode(true);
files = getFileList(dir + "test/images");
for (i = 0; i < files.length; i++) {
	open(dir + "test/images/" + files[i]);
	title = getTitle();
	run("CE-Net Predict...", "model_file=[" + model + "] image=[" + title + "] output=probabilities");
	// the probability map is now the current image
	saveAs("Tiff", dir + "predictions/" + files[i]);
	close("*");
}
setBatchMode(false);
print("Predicted " + files.length + " images into " + dir + "predictions");
