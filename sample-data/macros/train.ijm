// Trains CE-Net on the synthetic vessel images of sample-data/train.
// Interactive: Plugins > Macros > Run... and pick the sample-data folder.
// Batch: ImageJ -batch train.ijm /path/to/sample-data
// Checkbox keys (resume, use_gpu, freeze_encoder) are on only when named.
dir = getArgument();
if (dir == "") dir = getDirectory("Choose the CE-Net sample-data folder");
if (!endsWith(dir, "/") && !endsWith(dir, "\\")) dir = dir + "/";
File.makeDirectory(dir + "models");
model = dir + "models/cenet-vessels.cenet";
run("CE-Net Train", "image_folder=[" + dir + "train/images] mask_folder=[" + dir + "train/masks] model_file=[" + model + "] epochs=20 batch_size=2 training_size=256 augmentation=reference");
print("Model written to " + model);
