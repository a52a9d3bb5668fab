// Never finishes: the harness must kill it at the timeout.
while (true) wait(100);
