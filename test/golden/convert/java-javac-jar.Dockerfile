FROM eclipse-temurin:17-jdk AS builder

WORKDIR /opt/stats

COPY src ./src

# No build tool: compile with javac and package an executable jar
RUN mkdir -p build/classes \
    && javac --release 17 -d build/classes $(find src/main/java -name '*.java') \
    && jar --create --file stats.jar --main-class com.example.stats.Main -C build/classes .

# slimstage: the final stage holds only what the app needs at run time
FROM eclipse-temurin:17-jre

WORKDIR /opt/stats

COPY src ./src

# slimstage: the jar
COPY --from=builder /opt/stats/stats.jar /opt/stats/stats.jar

ENV JAVA_OPTS="-Xss512k"

CMD ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/stats/stats.jar"]
