FROM debian:bookworm AS builder

# the JDK from Debian, not an eclipse-temurin image
RUN apt-get update \
    && apt-get install -y --no-install-recommends openjdk-17-jdk-headless \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/units
COPY src ./src
RUN javac -d classes $(find src -name '*.java') \
    && jar --create --file units.jar --main-class app.Convert -C classes .

# slimstage: the final stage holds only what the app needs at run time
FROM debian:bookworm-slim

# the JDK from Debian, not an eclipse-temurin image
# slimstage: runtime packages of line 4 (build-only openjdk-17-jdk-headless stays in the builder)
RUN apt-get update \
    && mkdir -p /usr/share/man/man1 \
    && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/units
COPY src ./src

# slimstage: the jar
COPY --from=builder /opt/units/units.jar /opt/units/units.jar

CMD ["java", "-jar", "/opt/units/units.jar"]
