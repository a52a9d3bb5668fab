// Trains CE-Net on the synthetic vessel images of sample-data/train.
// Interactive: Plugins > Macros > Run... and pick the sample-data folder.
// Batch: ImageJ -batch train.ijm /path/to/sample-data
// Checkbox keys (use_gpu, freeze_encoder) are on only when named.
// if_model_exists=overwrite: running this example again trains a new model;
// without it an existing model is never replaced (an interrupted run resumes).
dir = getArgument();
if (dir == "") dir = getDirectory("Choose the CE-Net sample-data folder");
if (!endsWith(dir, "/") && !endsWith(dir, "\\")) dir = dir + "/";
File.makeDirectory(dir + "models");
model = dir + "models/cenet-vessels.cenet";
run("CE-Net Train...", "image_folder=[" + dir + "train/images] mask_folder=[" + dir + "train/masks] model_file=[" + model + "] epochs=40 batch_size=2 training_size=256 learning_rate=0.001 augmentation=reference if_model_exists=overwrite");
print("Model written to " + model);
