#!/usr/bin/env bash
# The main job on a fresh clone: build the plugin, train CE-Net on the synthetic
# images of sample-data/train, predict sample-data/test, evaluate against the test
# masks and print the metrics. Runs headless through the same commands as Fiji's
# menu and macros. EPOCHS=n overrides the number of epochs (default 40).
set -euo pipefail
cd "$(dirname "$0")/.."

mvn -B -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
CP="target/classes:$(cat target/classpath.txt)"
OUT=target/demo
rm -rf "$OUT"
mkdir -p "$OUT"

cenet() { java -Xmx4g -cp "$CP" sc.fiji.cenet.ij.HeadlessRunner "$@"; }

cenet "CE-Net Train" "image_folder=sample-data/train/images mask_folder=sample-data/train/masks \
model_file=$OUT/vessels.cenet training_size=256 batch_size=2 epochs=${EPOCHS:-40} learning_rate=0.001"
cenet "CE-Net Predict Folder" "model_file=$OUT/vessels.cenet input_folder=sample-data/test/images \
output_folder=$OUT/predictions output=probabilities"
cenet "CE-Net Evaluate" "prediction_folder=$OUT/predictions truth_folder=sample-data/test/masks \
model_file=$OUT/vessels.cenet csv_file=$OUT/metrics.csv"
echo "Model: $OUT/vessels.cenet, predictions: $OUT/predictions, metrics: $OUT/metrics.csv"
