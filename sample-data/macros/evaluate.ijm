// Compares the predictions of predict.ijm with the ground truth masks at the
// model's threshold and prints the Dice coefficient of the first image. The table "CE-Net Metrics"
// holds one row per image, then the mean and std rows; the metrics are also
// written to predictions/cenet-metrics.csv.
// Batch: ImageJ -batch evaluate.ijm /path/to/sample-data
dir = getArgument();
if (dir == "") dir = getDirectory("Choose the CE-Net sample-data folder");
if (!endsWith(dir, "/") && !endsWith(dir, "\\")) dir = dir + "/";
// model_file: masks at the model's calibrated threshold, as CE-Net Predict makes them;
// overwrite: running this example again replaces its table
run("CE-Net Evaluate...", "prediction_folder=[" + dir + "predictions] truth_folder=[" + dir + "test/masks] model_file=[" + dir + "models/cenet-vessels.cenet] overwrite");
// getResult reads the front table; Table.get names it, in case a "Results" table has rows
print("Dice: " + getResult("Dice", 0));
print("mean Dice: " + Table.get("Dice", Table.size("CE-Net Metrics") - 2, "CE-Net Metrics"));
