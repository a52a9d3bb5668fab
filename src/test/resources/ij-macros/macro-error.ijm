// A macro language error opens ImageJ's error dialog; the harness must not wait for it.
x = noSuchFunction(1);
print("CENET-MACRO-DONE reached after a macro error");
