// A misspelt key must stop the macro with a message naming the valid keys.
newImage("my input", "8-bit ramp", 64, 32, 1);
run("CE-Net Test...", "numbr=1 image=[my input]");
print("CENET-MACRO-DONE reached after a bad key");
