FROM eclipse-temurin:17-jdk AS build
WORKDIR /opt/stats
COPY src ./src
RUN mkdir -p build/classes \
    && javac --release 17 -d build/classes $(find src/main/java -name '*.java') \
    && jar --create --file stats.jar --main-class com.example.stats.Main -C build/classes .

# slimstage: what runs here is built in earlier stages; it runs on eclipse-temurin:17-jre instead of the toolchain image eclipse-temurin:17-jdk
FROM eclipse-temurin:17-jre

COPY --from=build /opt/stats/stats.jar /opt/stats/stats.jar
ENV JAVA_OPTS="-Xss512k"
CMD ["sh", "-c", "exec java $JAVA_OPTS -jar /opt/stats/stats.jar"]
