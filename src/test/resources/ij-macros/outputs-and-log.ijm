// A command's text outputs reach the macro (MacroOutputs) and ImageJ's log
// (the Log window; stdout in batch mode).
newImage("my input", "8-bit ramp", 64, 32, 1);
run("CE-Net Test...", "number=2 image=[my input]");
result = call("sc.fiji.cenet.ij.MacroOutputs.get", "result");
print("CENET-MACRO-DONE result=" + result + " missing=[" + call("sc.fiji.cenet.ij.MacroOutputs.get", "nothing") + "]");
