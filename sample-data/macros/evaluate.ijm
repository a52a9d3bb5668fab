// Compares the predictions of predict.ijm with the ground truth masks and
// prints the Dice coefficient (the full table is "CE-Net Metrics").
// Batch: ImageJ -batch evaluate.ijm /path/to/sample-data
dir = getArgument();
if (dir == "") dir = getDirectory("Choose the CE-Net sample-data folder");
if (!endsWith(dir, "/") && !endsWith(dir, "\\")) dir = dir + "/";
run("CE-Net Evaluate", "prediction_folder=[" + dir + "predictions] truth_folder=[" + dir + "test/masks]");
print("Dice: " + getResult("Dice", 0));
