// Runs the test-only command "CE-Net Test" through its plugins.config menu entry,
// with a bracketed image title, and reads its result back from the
// "CE-Net Metrics" table the way user macros read metrics.
newImage("my input", "8-bit ramp", 64, 32, 1);
getStatistics(area, mean);
run("CE-Net Test...", "number=2.5 image=[my input]");
value = getResult("Value", 0);
print("CENET-MACRO-DONE value=" + d2s(value, 6) + " expected=" + d2s(2.5 * mean, 6) + " current=[" + getTitle() + "] images=" + nImages);
