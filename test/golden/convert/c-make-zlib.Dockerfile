# declined: line 11: installs into /usr/local, where gcc:12 keeps its own toolchain, so what the build added cannot be told apart
