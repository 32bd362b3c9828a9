# nothing-to-gain: the image ships no build tools and its base python:3.11-slim is already a runtime image, so a builder stage would leave nothing behind
