FROM eclipse-temurin:17-jdk AS builder
WORKDIR /opt/demo
COPY src ./src
RUN mkdir classes && javac -d classes src/demo/Main.java && jar --create --file demo.jar --main-class demo.Main -C classes .

# slimstage: the final stage holds only what the app needs at run time
FROM eclipse-temurin:17-jre

WORKDIR /opt/demo
COPY src ./src

# slimstage: the jar
COPY --from=builder /opt/demo/demo.jar /opt/demo/demo.jar
COPY run.sh /usr/local/bin/run-demo
RUN chmod 755 /usr/local/bin/run-demo
ENV APP_MODE=wrapped
ENTRYPOINT ["run-demo"]
CMD ["a", "b"]
