FROM eclipse-temurin:17-jdk AS builder

WORKDIR /opt/app
COPY libsrc ./libsrc
COPY src ./src
COPY config/app.properties ./classes/app.properties
RUN mkdir -p lib libclasses \
 && javac -d libclasses $(find libsrc -name '*.java') \
 && jar cf lib/textutil.jar -C libclasses . \
 && javac -cp 'lib/*' -d classes $(find src -name '*.java') \
 && rm -rf libclasses

# slimstage: the final stage holds only what the app needs at run time
FROM eclipse-temurin:17-jre

WORKDIR /opt/app
COPY libsrc ./libsrc
COPY src ./src
COPY config/app.properties ./classes/app.properties

# slimstage: the `java -cp` entry
COPY --from=builder /opt/app/lib /opt/app/lib

# slimstage: the `java -cp` entry
COPY --from=builder /opt/app/classes /opt/app/classes

CMD java -cp 'lib/*:classes' app.Main
