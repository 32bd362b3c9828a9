# nothing-to-gain: the image ships no build tools and its base node:18-slim is already a runtime image, so a builder stage would leave nothing behind
