FROM gradle:8.7-jdk17 AS builder

COPY --chown=gradle:gradle . /home/gradle/project
WORKDIR /home/gradle/project

RUN gradle build --no-daemon -x test

# slimstage: the final stage holds only what the app needs at run time
FROM eclipse-temurin:17-jre

# slimstage: gradle:8.7-jdk17 works in /home/gradle; so does the final stage
WORKDIR /home/gradle

COPY --chown=gradle:gradle . /home/gradle/project
WORKDIR /home/gradle/project

# slimstage: the jar
COPY --from=builder /home/gradle/project/build/libs/greeter.jar /home/gradle/project/build/libs/greeter.jar

CMD ["java", "-jar", "build/libs/greeter.jar"]
