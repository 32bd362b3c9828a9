# declined: line 7: the container compiles when it starts (make --silent) — start.sh line 3, reached from CMD — so it needs its build tools at run time
