// The command throws: the macro must stop at run(), before the sentinel.
newImage("my input", "8-bit ramp", 64, 32, 1);
run("CE-Net Test...", "number=1 image=[my input] fail");
print("CENET-MACRO-DONE reached after a failing command");
